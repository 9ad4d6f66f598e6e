"""Annex 1 of the regulation: the contacts of the Aktogay district bodies, the default tenant.

Plain data (no models) so that a data migration and the demo can both use it.
"""

DISTRICT = {
    "code": "akt",
    "name_kk": "Ақтоғай ауданы",
    "name_ru": "Актогайский район",
    "region_kk": "Қарағанды облысы",
    "region_ru": "Карагандинская область",
    "locality_kk": "Ақтоғай ауданы",
    "locality_ru": "Актогайский район",
}

OFFICES = [
    {
        "code": "akt-ab",
        "kind": "authorized_body",
        "name_kk": (
            "«Ақтоғай ауданының тұрғын үй коммуналдық шаруашылығы, жолаушылар көлігі және "
            "автокөлік жолдары бөлімі» мемлекеттік мекемесі"
        ),
        "name_ru": (
            "Государственное учреждение «Отдел жилищно-коммунального хозяйства, пассажирского "
            "транспорта и автомобильных дорог Актогайского района»"
        ),
        "address_kk": "Қарағанды облысы, Ақтоғай ауданы, Ақтоғай селосы, Ә. Бөкейхан көшесі, 4",
        "address_ru": "Карагандинская область, Актогайский район, село Актогай, ул. А. Букейхана, 4",
        "phones": "8 (71037) 21190",
        "emails": "aktogaijkh@mail.ru, Janaidar2312@mail.ru",
    },
    {
        "code": "akt-psc-1",
        "kind": "psc_branch",
        "name_kk": "«Қарағанды облысы бойынша ХҚКО» РМК филиалының № 1 Ақтоғай аудандық бөлімі",
        "name_ru": "Актогайский районный отдел № 1 филиала РГП «ЦОН по Карагандинской области»",
        "address_kk": "Қарағанды облысы, Ақтоғай ауданы, Ә. Бөкейхан көшесі, 10",
        "address_ru": "Карагандинская область, Актогайский район, ул. А. Букейхана, 10",
        "phones": "8 (71037) 21394",
        "emails": "aktogaycon@mail.ru",
    },
    {
        "code": "akt-psc-2",
        "kind": "psc_branch",
        "name_kk": "«Қарағанды облысы бойынша ХҚКО» РМК филиалының № 2 Ақтоғай аудандық бөлімі",
        "name_ru": "Актогайский районный отдел № 2 филиала РГП «ЦОН по Карагандинской области»",
        "address_kk": "Қарағанды облысы, Сарышаған кенті, Абай көшесі, 12",
        "address_ru": "Карагандинская область, поселок Сарышаган, ул. Абая, 12",
        "phones": "8 (71038) 22339",
        "emails": "",
    },
]

# The district's settlements (елді мекендер / населённые пункты): reg:6, 8.2 and 8.3 speak of
# the settlement, not the district. Codes in the shape of the classifier of administrative-
# territorial objects (КАТО / ӘАОЖ, 9 digits); they are this project's, to be checked against
# the official classifier before production (docs/adr/0013). Kind: village (ауыл / село) or
# settlement (кент / посёлок).
SETTLEMENTS = [
    ("354030100", "village", "Ақтоғай ауылы", "село Актогай"),
    ("354033100", "settlement", "Сарышаған кенті", "посёлок Сарышаган"),
    ("354035100", "settlement", "Шашубай кенті", "посёлок Шашубай"),
    ("354037100", "village", "Тасарал ауылы", "село Тасарал"),
    ("354039100", "village", "Торанғалық ауылы", "село Торангалык"),
    ("354041100", "village", "Жидебай ауылы", "село Жидебай"),
    ("354043100", "village", "Нұркен ауылы", "село Нуркен"),
    ("354045100", "village", "Қарабұлақ ауылы", "село Карабулак"),
    ("354047100", "village", "Ортадересін ауылы", "село Ортадересин"),
    ("354049100", "village", "Қызыларай ауылы", "село Кызыларай"),
]
# A settlement of another district, for the simulator's "owns a flat elsewhere": Balkhash city.
ELSEWHERE_SETTLEMENTS = [
    ("351610000", "city", "Балқаш қаласы", "город Балхаш"),
    ("351010000", "city", "Қарағанды қаласы", "город Караганда"),
]
