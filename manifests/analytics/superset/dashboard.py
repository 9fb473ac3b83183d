"""Idempotent Superset bootstrap: the analytics database, three datasets, charts, one dashboard.

Runs inside the Superset image (initContainer) with the app context; every object is looked up by
name first, so a second run changes nothing.
"""
import json
import os

from superset.app import create_app

app = create_app()
with app.app_context():
    from superset import db
    from superset.connectors.sqla.models import SqlaTable
    from superset.models.core import Database
    from superset.models.dashboard import Dashboard
    from superset.models.slice import Slice

    uri = (
        "postgresql+psycopg2://analytics:"
        + os.environ["ANALYTICS_DB_PASSWORD"]
        + "@" + os.environ["ANALYTICS_DB_HOST"] + ":5432/analytics"
    )
    database = db.session.query(Database).filter_by(database_name="analytics").one_or_none()
    if database is None:
        database = Database(database_name="analytics", expose_in_sqllab=True)
        db.session.add(database)
    database.set_sqlalchemy_uri(uri)
    db.session.flush()

    charts = [
        ("book_sales", "Units sold per book", "dist_bar", {"metrics": [{"expressionType": "SQL", "sqlExpression": "SUM(units_sold)", "label": "units"}], "groupby": ["title"]}),
        ("orders_by_status", "Orders by status", "pie", {"metric": {"expressionType": "SQL", "sqlExpression": "SUM(orders)", "label": "orders"}, "groupby": ["status"]}),
        ("stock_levels", "Stock per book", "table", {"all_columns": ["book_id", "available", "reserved"], "query_mode": "raw"}),
    ]
    slices = []
    for table_name, title, viz, params in charts:
        table = db.session.query(SqlaTable).filter_by(table_name=table_name, database_id=database.id).one_or_none()
        if table is None:
            table = SqlaTable(table_name=table_name, schema="public", database=database)
            db.session.add(table)
            db.session.flush()
            table.fetch_metadata()
        chart = db.session.query(Slice).filter_by(slice_name=title).one_or_none()
        if chart is None:
            chart = Slice(slice_name=title, datasource_type="table", datasource_id=table.id, viz_type=viz)
            db.session.add(chart)
        chart.params = json.dumps({"viz_type": viz, "datasource": f"{table.id}__table", **params})
        slices.append(chart)

    dashboard = db.session.query(Dashboard).filter_by(slug="bookstore").one_or_none()
    if dashboard is None:
        dashboard = Dashboard(dashboard_title="Bookstore", slug="bookstore", published=True)
        db.session.add(dashboard)
    dashboard.slices = slices
    db.session.commit()
    print("superset bootstrap: dashboard 'bookstore' with %d charts" % len(slices))
