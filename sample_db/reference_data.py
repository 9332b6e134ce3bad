"""Fixed reference data for the sample warehouse: regions, store sites, catalogue, names.

Everything here is fictional. Brands and the chain name ("Maeil Mart") are invented so the
sample never puts words in a real company's mouth; e-mail domains are the RFC 2606 reserved
ones. Population shares are rounded 2020s figures and only steer how many stores, customers
and orders each region gets.
"""

from __future__ import annotations

from dataclasses import dataclass

CHAIN_NAME = "Maeil Mart"
COUNTRY = "South Korea"


@dataclass(frozen=True)
class Region:
    name: str
    name_ko: str
    population_m: float
    retail_sites: tuple[str, ...]


# Order matters: region_id is the 1-based position. Sites are listed flagship-first.
REGIONS: tuple[Region, ...] = (
    Region(
        "Seoul",
        "서울",
        9.4,
        (
            "Gangnam",
            "Jamsil",
            "Hongdae",
            "Myeongdong",
            "Yeouido",
            "Mapo",
            "Nowon",
            "Guro",
            "Konkuk Univ.",
            "Mokdong",
        ),
    ),
    Region("Busan", "부산", 3.3, ("Haeundae", "Seomyeon", "Gwangalli", "Dongnae", "Sasang")),
    Region("Incheon", "인천", 3.0, ("Songdo", "Bupyeong", "Guwol", "Cheongna")),
    Region("Daegu", "대구", 2.4, ("Dongseongno", "Suseong", "Chilgok")),
    Region("Daejeon", "대전", 1.45, ("Dunsan", "Yuseong")),
    Region("Gwangju", "광주", 1.43, ("Sangmu", "Chungjang")),
    Region("Ulsan", "울산", 1.1, ("Samsan", "Ulsan Seongnam")),
    Region(
        "Gyeonggi",
        "경기",
        13.6,
        (
            "Suwon",
            "Bundang",
            "Ilsan",
            "Yongin",
            "Bucheon",
            "Anyang",
            "Dongtan",
            "Pyeongtaek",
            "Uijeongbu",
            "Gimpo",
            "Hanam",
            "Paju",
        ),
    ),
)

FLAGSHIP_SITES = frozenset({"Gangnam", "Jamsil", "Haeundae", "Suwon"})
OUTLET_SITES = frozenset({"Guro", "Sasang", "Cheongna", "Gimpo", "Paju"})


@dataclass(frozen=True)
class Subcategory:
    name: str
    min_price: int  # KRW, list price range of the subcategory
    max_price: int
    nouns: tuple[str, ...]


@dataclass(frozen=True)
class Category:
    name: str
    product_count: int
    line_share: float  # share of order lines, before per-product popularity
    extra_units: float  # mean of (quantity - 1) per line: groceries come by the handful
    brands: tuple[str, ...]
    subcategories: tuple[Subcategory, ...]


CATEGORIES: tuple[Category, ...] = (
    Category(
        "Electronics",
        90,
        0.06,
        0.05,
        ("Hanbit", "Nuri Tech", "Gaon", "Miraero", "Sambit"),
        (
            Subcategory("Smartphones", 350_000, 1_600_000, ("Smartphone", "Phone")),
            Subcategory("Laptops", 700_000, 2_600_000, ("Laptop", "Notebook", "Ultrabook")),
            Subcategory("Audio", 30_000, 450_000, ("Earbuds", "Headphones", "Speaker")),
            Subcategory("TV & Display", 250_000, 2_900_000, ("TV", "Monitor", "Projector")),
            Subcategory("Small Appliances", 30_000, 400_000, ("Air Fryer", "Kettle", "Vacuum")),
            Subcategory("Accessories", 8_000, 70_000, ("Charger", "Cable", "Phone Case")),
        ),
    ),
    Category(
        "Home",
        110,
        0.15,
        0.2,
        ("Jibsarang", "Onmaru", "Dasom Living", "Haneul Home"),
        (
            Subcategory("Kitchenware", 5_000, 150_000, ("Frying Pan", "Knife Set", "Pot")),
            Subcategory("Bedding", 30_000, 320_000, ("Duvet", "Pillow", "Mattress Topper")),
            Subcategory("Furniture", 80_000, 1_200_000, ("Desk", "Sofa", "Bookshelf")),
            Subcategory("Storage", 5_000, 60_000, ("Storage Box", "Hanger Set", "Basket")),
            Subcategory("Decor", 8_000, 120_000, ("Lamp", "Rug", "Vase")),
        ),
    ),
    Category(
        "Apparel",
        120,
        0.17,
        0.25,
        ("Baram", "Sora", "Modu", "Gureum"),
        (
            Subcategory("Tops", 15_000, 90_000, ("T-Shirt", "Shirt", "Knit")),
            Subcategory("Bottoms", 25_000, 120_000, ("Jeans", "Slacks", "Skirt")),
            Subcategory("Outerwear", 60_000, 450_000, ("Padded Jacket", "Coat", "Windbreaker")),
            Subcategory("Shoes", 40_000, 250_000, ("Sneakers", "Loafers", "Boots")),
            Subcategory("Bags & Accessories", 10_000, 180_000, ("Backpack", "Cap", "Scarf")),
        ),
    ),
    Category(
        "Beauty",
        100,
        0.2,
        0.4,
        ("Iseul", "Dalbit", "Seoa", "Cheongdam Lab"),
        (
            Subcategory("Skincare", 10_000, 85_000, ("Toner", "Serum", "Sheet Mask", "Cream")),
            Subcategory("Makeup", 8_000, 55_000, ("Cushion", "Lip Tint", "Eyeliner")),
            Subcategory("Haircare", 6_000, 35_000, ("Shampoo", "Hair Oil", "Conditioner")),
            Subcategory("Fragrance", 30_000, 180_000, ("Eau de Parfum", "Body Mist")),
        ),
    ),
    Category(
        "Grocery",
        120,
        0.34,
        1.2,
        ("Nongwon", "Haetsal", "Bada Foods", "Matjip"),
        (
            Subcategory("Snacks", 1_000, 6_000, ("Rice Cracker", "Seaweed Snack", "Cookies")),
            Subcategory("Beverages", 1_000, 12_000, ("Barley Tea", "Sikhye", "Cold Brew")),
            Subcategory("Instant Food", 1_000, 9_000, ("Ramyeon", "Cup Rice", "Tteokbokki Kit")),
            Subcategory("Fresh", 2_000, 35_000, ("Apples", "Korean Beef", "Tofu", "Kimchi")),
            Subcategory("Pantry", 3_000, 65_000, ("Gochujang", "Sesame Oil", "Rice 10kg")),
        ),
    ),
    Category(
        "Sports",
        60,
        0.08,
        0.15,
        ("Himnae", "Sanmaru", "Dallyeo"),
        (
            Subcategory(
                "Fitness", 10_000, 300_000, ("Yoga Mat", "Dumbbell Set", "Resistance Band")
            ),
            Subcategory("Outdoor", 20_000, 450_000, ("Hiking Boots", "Tent", "Trekking Poles")),
            Subcategory("Cycling", 50_000, 1_500_000, ("Road Bike", "Helmet", "Bike Light")),
            Subcategory("Golf", 30_000, 900_000, ("Driver", "Golf Balls", "Golf Glove")),
        ),
    ),
)

MODEL_WORDS = ("Classic", "Pro", "Lite", "Plus", "Max", "Mini", "Air", "Eco", "Premium", "One")

# Romanised family names with rough frequency weights (Kim, Lee and Park dominate in Korea).
FAMILY_NAMES: tuple[tuple[str, float], ...] = (
    ("Kim", 21.5),
    ("Lee", 14.7),
    ("Park", 8.4),
    ("Choi", 4.7),
    ("Jung", 4.3),
    ("Kang", 2.3),
    ("Cho", 2.1),
    ("Yoon", 2.0),
    ("Jang", 2.0),
    ("Lim", 1.7),
    ("Han", 1.5),
    ("Oh", 1.5),
    ("Seo", 1.5),
    ("Shin", 1.4),
    ("Kwon", 1.4),
    ("Hwang", 1.4),
    ("Ahn", 1.3),
    ("Song", 1.3),
    ("Jeon", 1.1),
    ("Hong", 1.1),
)
GIVEN_FIRST = (
    "Min", "Seo", "Ji", "Ha", "Do", "Ye", "Jun", "Hyun", "Su", "Eun",
    "Yu", "Jae", "Seung", "Da", "Chae", "Woo", "Tae", "Na", "Si", "Ga",
)  # fmt: skip
GIVEN_SECOND = (
    "jun", "yeon", "woo", "eun", "hoon", "jin", "ah", "bin", "won", "min",
    "seo", "yoon", "hee", "ho", "rin", "young", "hyuk", "na", "jae", "kyung",
)  # fmt: skip
EMAIL_DOMAINS = ("example.com", "example.net", "example.org")

RETURN_REASONS: tuple[tuple[str, float], ...] = (
    ("changed mind", 0.3),
    ("wrong size", 0.2),
    ("defective", 0.18),
    ("damaged in delivery", 0.12),
    ("not as described", 0.12),
    ("late delivery", 0.08),
)

# Survey comments by mood; Korean and English because real free-text fields are mixed.
POSITIVE_COMMENTS = (
    "직원분들이 친절해요",
    "배송이 빨라요",
    "Great selection and friendly staff",
    "매장이 깨끗하고 넓어요",
    "Checkout was quick",
)
NEUTRAL_COMMENTS = (
    "보통이에요",
    "Prices are okay",
    "주차가 조금 불편해요",
    "Could use more staff at peak hours",
)
NEGATIVE_COMMENTS = (
    "재고가 자주 없어요",
    "Long queue at the counter",
    "환불 처리가 너무 느려요",
    "Item arrived damaged",
    "직원 응대가 불친절했어요",
)
