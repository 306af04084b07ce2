-- turnos route, step liberar-disparo
UPDATE tarea_programada SET tomada = NULL
WHERE tarea = :#tarea AND disparo = CAST(:#disparo AS TIMESTAMP WITH TIME ZONE)
AND instancia = :#instancia AND completada IS NULL
