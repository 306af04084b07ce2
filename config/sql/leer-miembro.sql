-- miembros route, step leer-miembro
SELECT rut, nombre, apellido, email, patente, premium, estado FROM miembro WHERE rut = :#rut
