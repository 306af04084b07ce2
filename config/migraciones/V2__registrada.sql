-- When a row was written: how far behind the sales the consumers are (the benchmark's
-- end-to-end lag, and an operator's first question after an outage).
ALTER TABLE venta ADD COLUMN registrada TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE venta_cliente ADD COLUMN registrada TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP;
