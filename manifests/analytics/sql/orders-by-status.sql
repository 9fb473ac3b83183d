-- Orders per status (ecom orders topic) → analytics-db.
SET 'pipeline.name' = 'orders-by-status';
SET 'execution.checkpointing.interval' = '10s';
SET 'table.exec.source.cdc-events-duplicate' = 'true';

CREATE TABLE orders_cdc (
  id STRING, status STRING,
  PRIMARY KEY (id) NOT ENFORCED
) WITH (
  'connector' = 'kafka',
  'topic' = 'ecom.public.orders',
  'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP}',
  'properties.group.id' = 'flink-orders-by-status',
  'scan.startup.mode' = 'earliest-offset',
  'format' = 'debezium-json',
  'debezium-json.schema-include' = 'false',
  'debezium-json.ignore-parse-errors' = 'true'
);

CREATE TABLE orders_by_status (
  status STRING, orders BIGINT,
  PRIMARY KEY (status) NOT ENFORCED
) WITH (
  'connector' = 'jdbc',
  'url' = '${ANALYTICS_JDBC_URL}',
  'table-name' = 'orders_by_status',
  'username' = 'analytics',
  'password' = '${ANALYTICS_PASSWORD}',
  'sink.buffer-flush.max-rows' = '100',
  'sink.buffer-flush.interval' = '1s'
);

INSERT INTO orders_by_status SELECT status, COUNT(*) FROM orders_cdc GROUP BY status;
