-- Units sold and orders per book: ecom order_items joined with books (Debezium topics) → analytics-db.
SET 'pipeline.name' = 'book-sales';
SET 'execution.checkpointing.interval' = '10s';
SET 'table.exec.source.cdc-events-duplicate' = 'true';

-- ecom's order_items: key (order_id, book_id); book ids are integers (Debezium JSON numbers).
CREATE TABLE order_items_cdc (
  order_id STRING, book_id INT, quantity INT,
  PRIMARY KEY (order_id, book_id) NOT ENFORCED
) WITH (
  'connector' = 'kafka',
  'topic' = 'ecom.public.order_items',
  'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP}',
  'properties.group.id' = 'flink-book-sales',
  'scan.startup.mode' = 'earliest-offset',
  'format' = 'debezium-json',
  'debezium-json.schema-include' = 'false',
  'debezium-json.ignore-parse-errors' = 'true'
);

CREATE TABLE books_cdc (
  id INT, title STRING,
  PRIMARY KEY (id) NOT ENFORCED
) WITH (
  'connector' = 'kafka',
  'topic' = 'ecom.public.books',
  'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP}',
  'properties.group.id' = 'flink-book-sales-books',
  'scan.startup.mode' = 'earliest-offset',
  'format' = 'debezium-json',
  'debezium-json.schema-include' = 'false',
  'debezium-json.ignore-parse-errors' = 'true'
);

CREATE TABLE book_sales (
  book_id INT, title STRING, units_sold BIGINT, orders BIGINT,
  PRIMARY KEY (book_id) NOT ENFORCED
) WITH (
  'connector' = 'jdbc',
  'url' = '${ANALYTICS_JDBC_URL}',
  'table-name' = 'book_sales',
  'username' = 'analytics',
  'password' = '${ANALYTICS_PASSWORD}',
  'sink.buffer-flush.max-rows' = '100',
  'sink.buffer-flush.interval' = '1s'
);

INSERT INTO book_sales
SELECT i.book_id, MAX(b.title), SUM(CAST(i.quantity AS BIGINT)), COUNT(DISTINCT i.order_id)
FROM order_items_cdc AS i LEFT JOIN books_cdc AS b ON i.book_id = b.id
GROUP BY i.book_id;
