-- estadisticas route, step olvidar-revisiones
DELETE FROM tarea_programada WHERE tarea = 'revision-estadisticas'
AND completada < CAST(:#vencida AS TIMESTAMP WITH TIME ZONE)
