-- turnos route, step completar-disparo
UPDATE tarea_programada SET completada = CURRENT_TIMESTAMP
WHERE tarea = :#tarea AND disparo = CAST(:#disparo AS TIMESTAMP WITH TIME ZONE)
AND instancia = :#instancia
