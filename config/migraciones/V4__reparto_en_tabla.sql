-- The open delivery batch is the set of requests still without a reparto, in the order they
-- arrived: no separate copy of it (the Aggregator's repository) to keep in step.
--   orden     the request's offset in Stock/1, the order requests arrived in
--   recibida  when this store took it; a batch leaves with fewer once its oldest waited too long
ALTER TABLE solicitud_reposicion ADD COLUMN orden BIGINT;
ALTER TABLE solicitud_reposicion ADD COLUMN recibida TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL;
-- requests stored before this change wait ahead of any new one
UPDATE solicitud_reposicion SET orden = -1;
DROP TABLE reparto_abierto;
DROP TABLE reparto_abierto_completed;
