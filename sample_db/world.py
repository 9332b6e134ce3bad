"""The dimensions of the sample (stores, customers, products) and the demand they face."""

from __future__ import annotations

from dataclasses import dataclass

from sample_db.customers import CustomerModel, build_customers
from sample_db.demand import daily_order_rates
from sample_db.products import ProductModel, build_products
from sample_db.stores import StoreModel, build_stores
from sample_db.timeline import FloatArray, Period


@dataclass(frozen=True, eq=False)
class World:
    """Everything the fact tables are drawn from."""

    period: Period
    stores: StoreModel
    customers: CustomerModel
    products: ProductModel
    rates: FloatArray  # expected orders per (store, day)

    @property
    def end_day(self) -> int:
        return self.period.n_days - 1


def build_world(period: Period, scale: float, seed: int) -> World:
    stores = build_stores(period, seed)
    return World(
        period=period,
        stores=stores,
        customers=build_customers(period, scale, seed),
        products=build_products(period, seed),
        rates=daily_order_rates(stores, period, scale, seed),
    )
