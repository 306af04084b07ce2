-- turnos route, step retomar-disparo
UPDATE tarea_programada SET instancia = :#instancia, tomada = CAST(:#ahora AS TIMESTAMP WITH TIME ZONE)
WHERE tarea = :#tarea AND disparo = CAST(:#disparo AS TIMESTAMP WITH TIME ZONE)
AND completada IS NULL
AND (tomada IS NULL OR tomada < CAST(:#vencida AS TIMESTAMP WITH TIME ZONE)
     OR (instancia = :#instancia AND tomada < CAST(:#iniciada AS TIMESTAMP WITH TIME ZONE)))
