-- Scheduled work runs once per cluster, not once per instance: every instance fires on the same
-- cron, and only the one whose row for that firing gets in does the work.
CREATE TABLE tarea_programada (
    tarea      VARCHAR(40)  NOT NULL,
    disparo    TIMESTAMP WITH TIME ZONE NOT NULL,
    instancia  VARCHAR(120) NOT NULL,
    PRIMARY KEY (tarea, disparo)
);
