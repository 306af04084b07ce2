-- miembros route: the approved members by RUT, a page after :#despues1 (the report file, written
-- a thousand at a time, and the pages of GET/POST /api/miembros/publicacion)
SELECT rut, nombre, apellido, email, patente, premium, estado FROM miembro
WHERE estado = 'aprobado' AND rut > :#despues1 ORDER BY rut LIMIT :#filas
