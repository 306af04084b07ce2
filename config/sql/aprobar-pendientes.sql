-- miembros route, step aprobar-pendientes
UPDATE miembro SET estado = 'aprobado' WHERE estado = 'pendiente' AND premium = FALSE
