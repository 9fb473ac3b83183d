-- Current stock per book (inventory stock topic) → analytics-db.
SET 'pipeline.name' = 'stock-levels';
SET 'execution.checkpointing.interval' = '10s';
SET 'table.exec.source.cdc-events-duplicate' = 'true';

-- inventory's stock: available units and units held by open reservations.
CREATE TABLE stock_cdc (
  book_id INT, available INT, reserved INT,
  PRIMARY KEY (book_id) NOT ENFORCED
) WITH (
  'connector' = 'kafka',
  'topic' = 'inventory.public.stock',
  'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP}',
  'properties.group.id' = 'flink-stock-levels',
  'scan.startup.mode' = 'earliest-offset',
  'format' = 'debezium-json',
  'debezium-json.schema-include' = 'false',
  'debezium-json.ignore-parse-errors' = 'true'
);

CREATE TABLE stock_levels (
  book_id INT, available INT, reserved INT,
  PRIMARY KEY (book_id) NOT ENFORCED
) WITH (
  'connector' = 'jdbc',
  'url' = '${ANALYTICS_JDBC_URL}',
  'table-name' = 'stock_levels',
  'username' = 'analytics',
  'password' = '${ANALYTICS_PASSWORD}',
  'sink.buffer-flush.max-rows' = '100',
  'sink.buffer-flush.interval' = '1s'
);

INSERT INTO stock_levels SELECT book_id, available, reserved FROM stock_cdc;
