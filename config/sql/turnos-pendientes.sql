-- firings not completed that nobody holds (released, lapsed, or this instance before it restarted)
SELECT tarea, disparo FROM tarea_programada
WHERE completada IS NULL
  AND (tomada IS NULL OR tomada < :#vencida OR (instancia = :#instancia AND tomada < :#iniciada))
ORDER BY disparo
