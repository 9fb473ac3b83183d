"""Idempotent Superset bootstrap: the analytics database, three datasets, charts, one dashboard.

The one definition of the dashboard, run by both targets with Superset's own Python: on kind by
the superset Deployment's initContainer (ConfigMap superset-bootstrap), on the local target by the
superset step (the virtualenv's python). Every object is looked up by name first, so a second run
changes nothing. Environment: ANALYTICS_DB_PASSWORD, ANALYTICS_DB_HOST, ANALYTICS_DB_PORT (5432).

Each chart stores its query context, so its data is also served by
GET /api/v1/chart/<id>/data/ (what the specs read besides the rendered dashboard).
"""
import json
import os

from superset.app import create_app

CHARTS = [
    # (dataset, chart title, viz type, form data, the stored query: columns, metrics)
    (
        "book_sales",
        "Units sold per book",
        "echarts_timeseries_bar",
        {
            "x_axis": "title",
            "metrics": [{"expressionType": "SQL", "sqlExpression": "SUM(units_sold)", "label": "units"}],
            "groupby": [],
            "x_axis_sort_asc": True,
            "row_limit": 10000,
        },
        (["title"], [{"expressionType": "SQL", "sqlExpression": "SUM(units_sold)", "label": "units"}]),
    ),
    (
        "orders_by_status",
        "Orders by status",
        "pie",
        {
            "metric": {"expressionType": "SQL", "sqlExpression": "SUM(orders)", "label": "orders"},
            "groupby": ["status"],
            "row_limit": 100,
        },
        (["status"], [{"expressionType": "SQL", "sqlExpression": "SUM(orders)", "label": "orders"}]),
    ),
    (
        "stock_levels",
        "Stock per book",
        "table",
        {"all_columns": ["book_id", "available", "reserved"], "query_mode": "raw", "row_limit": 1000},
        (["book_id", "available", "reserved"], []),
    ),
]


def query_context(table_id, form_data, columns, metrics):
    return {
        "datasource": {"id": table_id, "type": "table"},
        "force": False,
        "queries": [
            {
                "columns": columns,
                "metrics": metrics,
                "orderby": [[metrics[0], False]] if metrics else [],
                "row_limit": form_data.get("row_limit", 1000),
            }
        ],
        "form_data": form_data,
        "result_format": "json",
        "result_type": "full",
    }


def position(slices):
    """One row with the three charts (Superset's dashboard layout, version v2)."""
    layout = {
        "DASHBOARD_VERSION_KEY": "v2",
        "ROOT_ID": {"type": "ROOT", "id": "ROOT_ID", "children": ["GRID_ID"]},
        "GRID_ID": {"type": "GRID", "id": "GRID_ID", "children": ["ROW-bookstore"], "parents": ["ROOT_ID"]},
        "HEADER_ID": {"type": "HEADER", "id": "HEADER_ID", "meta": {"text": "Bookstore"}},
        "ROW-bookstore": {
            "type": "ROW",
            "id": "ROW-bookstore",
            "children": [],
            "parents": ["ROOT_ID", "GRID_ID"],
            "meta": {"background": "BACKGROUND_TRANSPARENT"},
        },
    }
    for chart in slices:
        key = "CHART-%d" % chart.id
        layout["ROW-bookstore"]["children"].append(key)
        layout[key] = {
            "type": "CHART",
            "id": key,
            "children": [],
            "parents": ["ROOT_ID", "GRID_ID", "ROW-bookstore"],
            "meta": {"chartId": chart.id, "width": 4, "height": 50, "sliceName": chart.slice_name},
        }
    return layout


app = create_app()
with app.app_context():
    from superset import db
    from superset.connectors.sqla.models import SqlaTable
    from superset.models.core import Database
    from superset.models.dashboard import Dashboard
    from superset.models.slice import Slice

    uri = "postgresql+psycopg2://analytics:%s@%s:%s/analytics" % (
        os.environ["ANALYTICS_DB_PASSWORD"],
        os.environ["ANALYTICS_DB_HOST"],
        os.environ.get("ANALYTICS_DB_PORT", "5432"),
    )
    database = db.session.query(Database).filter_by(database_name="analytics").one_or_none()
    if database is None:
        database = Database(database_name="analytics", expose_in_sqllab=True)
        db.session.add(database)
    database.set_sqlalchemy_uri(uri)
    db.session.flush()

    slices = []
    for table_name, title, viz, params, (columns, metrics) in CHARTS:
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
        form_data = {"viz_type": viz, "datasource": "%d__table" % table.id, **params}
        chart.viz_type = viz
        chart.datasource_id = table.id
        chart.params = json.dumps(form_data)
        chart.query_context = json.dumps(query_context(table.id, form_data, columns, metrics))
        slices.append(chart)
    db.session.flush()

    dashboard = db.session.query(Dashboard).filter_by(slug="bookstore").one_or_none()
    if dashboard is None:
        dashboard = Dashboard(dashboard_title="Bookstore", slug="bookstore", published=True)
        db.session.add(dashboard)
    dashboard.slices = slices
    dashboard.position_json = json.dumps(position(slices))
    db.session.commit()
    print("superset bootstrap: dashboard 'bookstore' with %d charts" % len(slices))
