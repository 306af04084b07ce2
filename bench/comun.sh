# Shell functions both benchmark scripts use (sourced, not run).
TICK_MS=$((1000 / $(getconf CLK_TCK)))
cpu_ms() { awk -v t=$TICK_MS '{print ($14 + $15) * t}' "/proc/$1/stat"; }   # user + system CPU of a process
# CPU ticks per thread of a process, "name ticks" per line; names lose their numbers so a pool is one line.
# A thread's name may hold spaces ("Camel (camel-1) thread #4"): its stat fields are counted after
# the name's closing parenthesis (utime, stime are the 12th and 13th there)
hilos() { local t n; for t in /proc/$1/task/*; do   # a thread may end meanwhile: it is skipped
  n=$(sed 's/[-0-9# ]*$//; s/ /_/g' "$t/comm" 2>/dev/null) || continue
  { sed 's/^.*) //' "$t/stat" | awk -v n="$n" '{print n, $12 + $13}'; } 2>/dev/null || true; done; }
# where a window's CPU went, by thread group: "group=percent ..." for the groups over 2 %
reparto_cpu() { awk 'NR==FNR {a[$1]+=$2; next} {b[$1]+=$2} END {for (k in b) {d=b[k]-a[k]; if (d>0) {t+=d; v[k]=d}}
  n=0; for (k in v) o[n++]=sprintf("%06.2f %s", 100*v[k]/t, k); asort(o); s="";
  for (i=n;i>0;i--) {split(o[i],x," "); if (x[1]+0>=2) s=s sprintf(" %s=%.0f%%", x[2], x[1])} print substr(s,2)}' "$1" "$2"; }
campo() { local v=${1#*$2=}; echo "${v%% *}"; }                            # a field of a RESULT line
# seconds to wait for a started application's first answer: 60, plus the warm-up it was asked for
plazo_arranque() { local n; n=$(grep -o -- '-Dgremio.calentamiento.segundos=[0-9]*' <<< "${BENCH_JVM:-}" | cut -d= -f2 || true)
  echo $((60 + ${n:-0} + ${GREMIO_CALENTAMIENTO_SEGUNDOS:-0})); }
