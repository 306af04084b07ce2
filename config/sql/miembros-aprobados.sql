-- miembros route, step miembros-aprobados
SELECT rut, nombre, apellido, email, patente, premium, estado FROM miembro WHERE estado = 'aprobado' ORDER BY rut
