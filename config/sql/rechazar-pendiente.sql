-- miembros route, step rechazar-pendiente
UPDATE miembro SET estado = 'rechazado' WHERE rut = :#rut AND estado = 'pendiente'
