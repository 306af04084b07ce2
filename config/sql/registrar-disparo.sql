-- turnos route, step registrar-disparo
INSERT INTO tarea_programada (tarea, disparo, instancia, tomada)
VALUES (:#tarea, CAST(:#disparo AS TIMESTAMP WITH TIME ZONE), :#instancia,
CAST(:#ahora AS TIMESTAMP WITH TIME ZONE)) ON CONFLICT DO NOTHING
