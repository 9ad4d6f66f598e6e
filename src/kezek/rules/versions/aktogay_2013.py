"""Rule version `aktogay-2013`: the regulation of docs/spec/regulation.md, as data.

Akimat of Aktogay district, resolution No. 06/02 of 26 Feb 2013, registered
by the regional justice department on 29 Mar 2013 under No. 2273.
`effective_from` is 2013-03-29, the date of state registration: the earliest
date on which the text can lawfully have been in force that we know of (the
date of first official publication is not known to us). The text records a
repeal on 2 May 2013; the product nevertheless keeps this version open-ended
(no `effective_to`) until a later version is added, which then supersedes it
from its own `effective_from` without any change here or in the engine.

Clause ids (`reg:6.2`) name the clause each entry implements.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import MappingProxyType

from kezek.core.text import Bi
from kezek.rules.versions.base import (
    DocumentRules,
    DocumentSpec,
    EventSpec,
    GroupSpec,
    ListSpec,
    RuleVersion,
)

ID = "aktogay-2013"
EFFECTIVE_FROM = dt.date(2013, 3, 29)  # state registration, No. 2273 (see module doc)
EFFECTIVE_TO: dt.date | None = None
COEFFICIENT = Decimal("3.1")  # reg:6.2

LISTS = (
    ListSpec(
        "socially_vulnerable", Bi("әлеуметтік жағынан осал топтар", "социально уязвимые слои")
    ),
    ListSpec(
        "public_servants", Bi("мемлекеттік қызметшілер және басқалар", "госслужащие и другие")
    ),
    ListSpec("emergency_dwelling", Bi("авариялық тұрғын үй", "аварийное жилище")),
)

_SV = "socially_vulnerable"
_GP = ("group_proof",)  # reg:15.1.h
# reg:15.1.c: the group rests on civil-status certificates (a death, a divorce, the births of the
# children), so they are required even when no family member is declared.
_GP_CIVIL = ("group_proof", "civil_status_certificates")
_EMP = ("employment_certificate",)  # reg:15.1.j


def _social(
    code: str,
    clause: str,
    kk: str,
    ru: str,
    *,
    income_test: bool = True,
    documents: tuple[str, ...] = _GP,
) -> GroupSpec:
    """A socially vulnerable group of reg:7.2-7.12, admitted by reg:6.2."""
    return GroupSpec(
        code=code,
        requirement_clause="reg:6.2",
        group_clause=clause,
        list_code=_SV,
        names=Bi(kk, ru),
        income_test=income_test,
        documents=documents,
    )


def _servant(code: str, kk: str, ru: str, documents: tuple[str, ...] = _EMP) -> GroupSpec:
    """reg:6.3: no income test; a certificate from the place of work (reg:15.1.j)."""
    return GroupSpec(
        code=code, requirement_clause="reg:6.3", list_code="public_servants",
        names=Bi(kk, ru), documents=documents,
    )  # fmt: skip


_GROUP_LIST = (
    # reg:6.1 + reg:7.1: no income test.
    GroupSpec(
        code="wwii_veteran",
        requirement_clause="reg:6.1",
        group_clause="reg:7.1",
        list_code=_SV,
        names=Bi(
            "Ұлы Отан соғысының мүгедектері мен қатысушылары",
            "инвалиды и участники Великой Отечественной войны",
        ),
        documents=_GP,
    ),
    _social(
        "equated_to_wwii",
        "reg:7.2",
        "Ұлы Отан соғысының мүгедектері мен қатысушыларына теңестірілген адамдар",
        "лица, приравненные к инвалидам и участникам Великой Отечественной войны",
    ),
    _social(
        "disability_group_1_2", "reg:7.3", "1 және 2 топтағы мүгедектер", "инвалиды I и II групп"
    ),
    # reg:7.4: «мүгедек балалары бар немесе оларды тәрбиелеушi отбасылар»: a disabled child in
    # the family, or one the family raises; reg:6.2: the coefficient does not apply to them.
    GroupSpec(
        code="family_with_disabled_child",
        requirement_clause="reg:6.2",
        group_clause="reg:7.4",
        list_code=_SV,
        names=Bi(
            "мүгедек балалары бар немесе оларды тәрбиелеуші отбасылар",
            "семьи, имеющие или воспитывающие детей-инвалидов",
        ),
        documents=_GP,
        requires_disabled_child=True,
    ),
    _social(
        "severe_chronic_disease",
        "reg:7.5",
        "кейбір созылмалы аурулардың ауыр түрлерімен ауыратын адамдар",
        "лица, страдающие тяжелыми формами некоторых хронических заболеваний",
    ),
    _social("age_pensioner", "reg:7.6", "жасы бойынша зейнеткерлер", "пенсионеры по возрасту"),
    # reg:7.7: under 29, parents lost before majority, limit extended by military
    # service; reg:6.2: the coefficient does not apply to orphans.
    GroupSpec(
        code="orphan",
        requirement_clause="reg:6.2",
        group_clause="reg:7.7",
        list_code=_SV,
        names=Bi(
            "жетім балалар мен ата-анасының қамқорлығынсыз қалған балалар",
            "дети-сироты и дети, оставшиеся без попечения родителей",
        ),
        income_test=False,
        documents=_GP,
        age_limit_years=29,
        age_limit_extended_by_military_service=True,
        requires_parents_lost_before_majority=True,
    ),
    _social("oralman", "reg:7.8", "оралмандар", "оралманы"),
    _social(
        "disaster_victim",
        "reg:7.9",
        "экологиялық зілзалалар, табиғи және техногендік сипаттағы төтенше жағдайлар "
        "салдарынан тұрғын үйінен айырылған адамдар",
        "лица, лишившиеся жилища вследствие экологических бедствий, чрезвычайных ситуаций "
        "природного и техногенного характера",
    ),
    _social("large_family", "reg:7.10", "көп балалы отбасылар", "многодетные семьи"),
    _social(
        "family_of_fallen",
        "reg:7.11",
        "мемлекеттік немесе қоғамдық міндеттерін, әскери қызметін атқару кезінде, ғарыш "
        "кеңістігіне ұшуға дайындық немесе оны жүзеге асыру кезінде, адам өмірін құтқару "
        "кезінде, құқық тәртібін қорғау кезінде қаза тапқан (қайтыс болған) адамдардың отбасылары",
        "семьи лиц, погибших (умерших) при исполнении государственных или общественных "
        "обязанностей, воинской службы, при подготовке или осуществлении космического полета, "
        "спасении человеческой жизни, охране правопорядка",
        documents=_GP_CIVIL,  # reg:15.1.c: the death certificate
    ),
    _social(
        "single_parent_family",
        "reg:7.12",
        "толық емес отбасылар",
        "неполные семьи",
        documents=_GP_CIVIL,  # reg:15.1.c: divorce or death of the spouse, births of the children
    ),
    # reg:6.3
    _servant("civil_servant", "мемлекеттік қызметшілер", "государственные служащие"),
    _servant(
        "budget_employee", "бюджеттік ұйымдардың қызметкерлері", "работники бюджетных организаций"
    ),
    _servant("military", "әскери қызметшілер", "военнослужащие"),
    _servant(
        "cosmonaut",
        "ғарышкерлікке кандидаттар мен ғарышкерлер",
        "кандидаты в космонавты и космонавты",
        # reg:15.1.j: not the employer's certificate but the Government's document of the status.
        documents=("cosmonaut_status_document",),
    ),
    _servant(
        "elected_official",
        "мемлекеттік сайланбалы қызмет атқаратын адамдар",
        "лица, занимающие государственные выборные должности",
    ),
    # reg:6.4: the only dwelling declared in emergency condition «Қазақстан Республикасының
    # заңнамасында белгіленген тәртіппен» (the LEB's decision): the group rests on the housing
    # fact, not on the claim; the fact makes need through reg:8.4.
    GroupSpec(
        code="emergency_dwelling",
        requirement_clause="reg:6.4",
        list_code="emergency_dwelling",
        names=Bi(
            "жалғыз тұрғын үйі авариялық жағдайда деп танылған азаматтар",
            "граждане, единственное жилище которых признано аварийным",
        ),
        documents=("emergency_certificate",),  # reg:15.1.k
        requires_only_dwelling_declared_emergency=True,
    ),
)
GROUPS = MappingProxyType({group.code: group for group in _GROUP_LIST})

_EVENT_LIST = (
    EventSpec(
        "exchanged_dwelling",
        "reg:12.1",
        Bi("тұрғын үй-жайын ауыстыру арқылы", "путем обмена жилища"),
    ),
    EventSpec(
        "alienated_dwelling",
        "reg:12.2",
        Bi(
            "өзіне меншік құқығымен тиесілі, тұруға жарамды тұрғын үйді иеліктен шығару арқылы",
            "путем отчуждения принадлежавшего ему на праве собственности жилища, пригодного "
            "для проживания",
        ),
        exception_field="lender_buyout",  # reg:12.2: the LEB bought it from the pledger
    ),
    EventSpec(
        "destroyed_dwelling",
        "reg:12.3",
        Bi(
            "тұрғын үйді өз кінәсінен бұзу немесе бүлдіру арқылы",
            "путем разрушения или порчи жилища по своей вине",
        ),
    ),
    EventSpec(
        "left_dwelling_not_in_need",
        "reg:12.4",
        Bi(
            "мұқтаж болмаған кезде тұрған тұрғын үйінен кету арқылы",
            "путем выезда из жилища в период, когда он не являлся нуждающимся",
        ),
    ),
    EventSpec(
        "moved_in_others",
        "reg:12.5",
        Bi(
            "жұбайынан, кәмелетке толмаған және еңбекке жарамсыз балаларынан, сондай-ақ еңбекке "
            "жарамсыз ата-аналарынан басқа адамдарды тұрғызу арқылы",
            "путем вселения лиц, не являющихся супругом (супругой), несовершеннолетними или "
            "нетрудоспособными детьми, нетрудоспособными родителями",
        ),
        persons_rule=True,
    ),
)
EVENTS = MappingProxyType({event.code: event for event in _EVENT_LIST})

_DOCUMENT_LIST = (
    DocumentSpec(
        "application_form",
        "reg:15.1.a",
        Bi("есепке қою туралы өтініш (2-қосымша)", "заявление о постановке на учет (приложение 2)"),
    ),
    DocumentSpec(
        "id_documents",
        "reg:15.1.b",
        Bi(
            "өтініш беруші мен отбасы мүшелерінің жеке куәліктерінің не төлқұжаттарының көшірмелері",
            "копии удостоверений личности или паспортов заявителя и членов семьи",
        ),
    ),
    DocumentSpec(
        "civil_status_certificates",
        "reg:15.1.c",
        Bi(
            "неке қию (бұзу), отбасы мүшелерінің қайтыс болуы, балалардың тууы туралы куәліктердің "
            "көшірмелері",
            "копии свидетельств о заключении (расторжении) брака, смерти членов семьи, рождении детей",
        ),
    ),
    DocumentSpec(
        "property_certificate",
        "reg:15.1.d",
        Bi(
            "меншік құқығындағы тұрғын үйдің бар-жоғы туралы аумақтық әділет органының анықтамасы",
            "справка территориального органа юстиции о наличии или отсутствии жилища на праве "
            "собственности",
        ),
    ),
    DocumentSpec(
        "communal_housing_certificate",
        "reg:15.1.e",
        Bi(
            "осы елді мекенде коммуналдық тұрғын үйдің бар-жоғы туралы жергілікті атқарушы органның "
            "анықтамасы",
            "справка местного исполнительного органа о наличии или отсутствии жилища из "
            "коммунального жилищного фонда в данном населенном пункте",
        ),
    ),
    DocumentSpec(
        "residence_proof",
        "reg:15.1.f",
        Bi(
            "үй кітабы немесе елді мекенде тұратынын растайтын мекенжай бюросының анықтамасы",
            "домовая книга или справка адресного бюро, подтверждающая проживание в населенном пункте",
        ),
    ),
    DocumentSpec(
        "court_decision_family",
        "reg:15.1.g",
        Bi(
            "басқа адамдарды отбасы мүшелері деп тану туралы сот шешімі",
            "решение суда о признании иных лиц членами семьи",
        ),
    ),
    DocumentSpec(
        "group_proof",
        "reg:15.1.h",
        Bi(
            "халықтың әлеуметтік жағынан осал тобына жататынын растайтын құжат",
            "документ, подтверждающий принадлежность к социально уязвимым слоям населения",
        ),
    ),
    DocumentSpec(
        "income_statement",
        "reg:15.1.i",
        Bi(
            "отбасының әр мүшесінің соңғы он екі айдағы табысы туралы мәліметтер",
            "сведения о доходах каждого члена семьи за последние двенадцать месяцев",
        ),
    ),
    DocumentSpec(
        "employment_certificate",
        "reg:15.1.j",
        Bi("жұмыс (қызмет) орнынан анықтама", "справка с места работы (службы)"),
    ),
    DocumentSpec(
        "cosmonaut_status_document",
        "reg:15.1.j",
        Bi(
            "ғарышкерлікке кандидаттың, ғарышкердің Қазақстан Республикасының Үкіметі берген "
            "мәртебесін растайтын құжат",
            "документ, подтверждающий статус кандидата в космонавты, космонавта, предоставленный "
            "Правительством Республики Казахстан",
        ),
    ),
    DocumentSpec(
        "emergency_certificate",
        "reg:15.1.k",
        Bi(
            "жалғыз тұрғын үйдің авариялық жағдайы туралы жергілікті атқарушы органның анықтамасы",
            "справка местного исполнительного органа об аварийном состоянии единственного жилища",
        ),
    ),
    DocumentSpec(
        "condition_certificate",
        "reg:15.1.l",
        Bi(
            "Регламенттің 8-тармағының 4)–6) тармақшаларындағы мән-жайларды растайтын құзыретті "
            "органның анықтамасы",
            "справка компетентного органа, подтверждающая обстоятельства подпунктов 4)–6) пункта 8 "
            "Регламента",
        ),
    ),
)
DOCUMENTS = MappingProxyType({document.code: document for document in _DOCUMENT_LIST})

DOCUMENT_RULES = DocumentRules(
    always=(  # reg:15.1.a, b, d, e, f
        "application_form",
        "id_documents",
        "property_certificate",
        "communal_housing_certificate",
        "residence_proof",
    ),
    family_certificates="civil_status_certificates",  # reg:15.1.c
    court_decision_family="court_decision_family",  # reg:15.1.g
    income_statement="income_statement",  # reg:15.1.i
    condition_certificate="condition_certificate",  # reg:15.1.l
    emergency_certificate="emergency_certificate",  # reg:15.1.k
)

# The motivation: one sentence a ground (refusal) or a basis clause (registration).
# Placeholders: {cite} is the citation with its id, e.g. «Регламенттің 12-тармағының
# 2) тармақшасы (reg:12.2)»; {facts}, {groups}, {dates}, {documents} are lists
# already joined; money is formatted «134 561,70».
TEXTS_KK = {
    "cite.point": "Регламенттің {point}-тармағы ({clause})",
    "cite.subpoint": "Регламенттің {point}-тармағының {sub}) тармақшасы ({clause})",
    "and": "және",
    "age.one": "{n} жас",
    "age.few": "{n} жас",
    "age.many": "{n} жас",
    "months": "{n} ай",
    "document": "{name} ({clause})",
    # refusal
    "ground.requirements": (
        "Өтініш беруші {facts}, сондықтан мемлекеттік қызметті алушыларға қойылатын талаптарға "
        "сай келмейді — {cite}."
    ),
    "fact.not_citizen": "Қазақстан Республикасының азаматы емес",
    "fact.not_resident": "тиісті елді мекенде тұрақты тұрмайды",
    "ground.income": (
        "Отбасының әр мүшесіне шаққандағы соңғы он екі айдағы орташа айлық жиынтық табыс "
        "({per_capita} теңге) ең төменгі күнкөріс деңгейінің {coefficient} еселенген мөлшерінен "
        "төмен емес: {coefficient} × {sm} = {threshold} теңге — {cite}."
    ),
    "ground.group_conditions": "Өтініш беруші «{group}» санатына жатпайды: {facts} — {cite}.",
    "fact.age_limit": "жас шегі ({limit}) {until} аяқталған, ал өтініш {date} берілген",
    "limit.extended": "{years} және мерзімді әскери қызмет мерзімі {months}",
    "fact.parents_not_lost": "ата-анасынан кәмелетке толғанға дейін айырылмаған",
    "fact.no_disabled_child": (
        "отбасының құрамында мүгедек бала жоқ және өтініш беруші мүгедек баланы тәрбиелемейді"
    ),
    "fact.not_declared_emergency": (
        "жалғыз тұрғын үйінің Қазақстан Республикасының заңнамасында белгіленген тәртіппен "
        "авариялық жағдайда деп танылғаны (жергілікті атқарушы органның шешімі) анықталмаған"
    ),
    "ground.not_in_need": (
        "Өтініш беруші мемлекеттік тұрғын үй қорынан тұрғын үйге мұқтаж деп танылмайды: {facts}, "
        "ал Регламенттің 8-тармағының 4)–6) тармақшаларында көрсетілген мән-жайлар анықталмаған "
        "— {cite}."
    ),
    "fact.owns_in_kz": (
        "өтініш берушінің немесе онымен бірге тұрақты тұратын отбасы мүшелерінің Қазақстан "
        "Республикасының аумағында меншік құқығында тұрғын үйі бар"
    ),
    "fact.owns_in_locality": (
        "өтініш берушінің немесе онымен бірге тұрақты тұратын отбасы мүшелерінің осы елді мекенде "
        "меншік құқығында тұрғын үйі бар"
    ),
    "fact.communal_in_use": (
        "өтініш берушінің осы елді мекенде тұрақты пайдалануында коммуналдық тұрғын үй қорынан "
        "тұрғын үйі бар"
    ),
    "ground.worsening": (
        "Өтініш берушінің соңғы {n} жылдың ішінде ({dates}) {how} өз тұрғын үй жағдайларын "
        "қасақана нашарлатуы салдарынан мұқтажға айналғаны анықталды — {cite}."
    ),
    "ground.documents": (
        "Мемлекеттік қызметті алу үшін қажетті құжаттар толық ұсынылмаған, мыналар жетіспейді: "
        "{documents} — {cite}."
    ),
    # registration
    "basis.requirement": (
        "Өтініш беруші мемлекеттік қызметті алушылардың мына санатына жатады: {groups} — {cite}."
    ),
    "basis.requirement.income": (
        "Өтініш беруші халықтың әлеуметтік жағынан осал топтарына жатады ({groups}), отбасының "
        "әр мүшесіне шаққандағы соңғы он екі айдағы орташа айлық жиынтық табыс ({per_capita} "
        "теңге) ең төменгі күнкөріс деңгейінің {coefficient} еселенген мөлшерінен төмен: "
        "{coefficient} × {sm} = {threshold} теңге — {cite}."
    ),
    "basis.requirement.exempt": (
        "Өтініш беруші халықтың әлеуметтік жағынан осал топтарына жатады ({groups}); ең төменгі "
        "күнкөріс деңгейінің {coefficient} еселенген мөлшеріндегі коэффициент бұл санатқа "
        "қолданылмайды — {cite}."
    ),
    "basis.group": "Өтініш беруші халықтың әлеуметтік жағынан осал тобына жатады: «{group}» — {cite}.",
    "basis.reg:8.1": (
        "Өтініш берушінің және онымен бірге тұрақты тұратын отбасы мүшелерінің Қазақстан "
        "Республикасының аумағында меншік құқығында тұрғын үйі жоқ — {cite}."
    ),
    "basis.reg:8.2": (
        "Өтініш берушінің және онымен бірге тұрақты тұратын отбасы мүшелерінің осы елді мекенде "
        "меншік құқығында тұрғын үйі жоқ — {cite}."
    ),
    "basis.reg:8.3": (
        "Өтініш берушінің осы елді мекенде тұрақты пайдалануында коммуналдық тұрғын үй қорынан "
        "тұрғын үйі жоқ — {cite}."
    ),
    "basis.reg:8.4": (
        "Отбасы тұратын тұрғын үй белгіленген санитариялық және техникалық талаптарға сай "
        "келмейді — {cite}."
    ),
    "basis.reg:8.4.emergency": (
        "Өтініш берушінің жалғыз тұрғын үйі белгіленген тәртіппен авариялық жағдайда деп "
        "танылған, яғни отбасы тұратын тұрғын үй белгіленген санитариялық және техникалық "
        "талаптарға сай келмейді — {cite}."
    ),
    "basis.reg:8.5": (
        "Жапсарлас, оқшауланбаған тұрғын үй-жайларда екі және одан да көп отбасы тұрып жатыр "
        "— {cite}."
    ),
    "basis.reg:8.6": (
        "Отбасы құрамында созылмалы аурулардың ауыр түрлерімен ауыратын науқас бар және онымен "
        "бір үй-жайда (пәтерде) бірге тұру мүмкін емес — {cite}."
    ),
}

TEXTS_RU = {
    "cite.point": "пункт {point} Регламента ({clause})",
    "cite.subpoint": "подпункт {sub}) пункта {point} Регламента ({clause})",
    "and": "и",
    "age.one": "{n} год",
    "age.few": "{n} года",
    "age.many": "{n} лет",
    "months": "{n} мес.",
    "document": "{name} ({clause})",
    # refusal
    "ground.requirements": (
        "Заявитель {facts}, поэтому не соответствует требованиям, предъявляемым к получателям "
        "государственной услуги, — {cite}."
    ),
    "fact.not_citizen": "не является гражданином Республики Казахстан",
    "fact.not_resident": "не проживает постоянно в соответствующем населенном пункте",
    "ground.income": (
        "Среднемесячный совокупный доход на каждого члена семьи за последние двенадцать месяцев "
        "({per_capita} тенге) не ниже {coefficient}-кратного размера прожиточного минимума: "
        "{coefficient} × {sm} = {threshold} тенге — {cite}."
    ),
    "ground.group_conditions": "Заявитель не относится к категории «{group}»: {facts} — {cite}.",
    "fact.age_limit": "предельный возраст ({limit}) достигнут {until}, а заявление подано {date}",
    "limit.extended": "{years} с продлением на {months} срочной воинской службы",
    "fact.parents_not_lost": "не лишился родителей до достижения совершеннолетия",
    "fact.no_disabled_child": (
        "в составе семьи нет ребенка-инвалида, и заявитель не воспитывает ребенка-инвалида"
    ),
    "fact.not_declared_emergency": (
        "не установлено, что его единственное жилище признано аварийным в порядке, "
        "установленном законодательством Республики Казахстан (решение местного "
        "исполнительного органа)"
    ),
    "ground.not_in_need": (
        "Заявитель не признается нуждающимся в жилище из государственного жилищного фонда: "
        "{facts}, а обстоятельства, указанные в подпунктах 4)–6) пункта 8 Регламента, не "
        "установлены — {cite}."
    ),
    "fact.owns_in_kz": (
        "заявитель или постоянно проживающие с ним члены семьи имеют жилище на праве "
        "собственности на территории Республики Казахстан"
    ),
    "fact.owns_in_locality": (
        "заявитель или постоянно проживающие с ним члены семьи имеют жилище на праве "
        "собственности в данном населенном пункте"
    ),
    "fact.communal_in_use": (
        "заявитель имеет в постоянном пользовании жилище из коммунального жилищного фонда в "
        "данном населенном пункте"
    ),
    "ground.worsening": (
        "Установлено, что в течение последних {n} лет ({dates}) заявитель стал нуждающимся "
        "вследствие намеренного ухудшения своих жилищных условий {how} — {cite}."
    ),
    "ground.documents": (
        "Представлен неполный пакет документов, необходимых для получения государственной "
        "услуги; отсутствуют: {documents} — {cite}."
    ),
    # registration
    "basis.requirement": (
        "Заявитель относится к следующей категории получателей государственной услуги: {groups} "
        "— {cite}."
    ),
    "basis.requirement.income": (
        "Заявитель относится к социально уязвимым слоям населения ({groups}), среднемесячный "
        "совокупный доход на каждого члена семьи за последние двенадцать месяцев ({per_capita} "
        "тенге) ниже {coefficient}-кратного размера прожиточного минимума: {coefficient} × {sm} "
        "= {threshold} тенге — {cite}."
    ),
    "basis.requirement.exempt": (
        "Заявитель относится к социально уязвимым слоям населения ({groups}); коэффициент "
        "{coefficient}-кратного размера прожиточного минимума к этой категории не применяется "
        "— {cite}."
    ),
    "basis.group": "Заявитель относится к социально уязвимой категории населения: «{group}» — {cite}.",
    "basis.reg:8.1": (
        "У заявителя и постоянно проживающих с ним членов семьи нет жилища на праве "
        "собственности на территории Республики Казахстан — {cite}."
    ),
    "basis.reg:8.2": (
        "У заявителя и постоянно проживающих с ним членов семьи нет жилища на праве "
        "собственности в данном населенном пункте — {cite}."
    ),
    "basis.reg:8.3": (
        "У заявителя нет в постоянном пользовании жилища из коммунального жилищного фонда в "
        "данном населенном пункте — {cite}."
    ),
    "basis.reg:8.4": (
        "Жилище, в котором проживает семья, не отвечает установленным санитарным и техническим "
        "требованиям — {cite}."
    ),
    "basis.reg:8.4.emergency": (
        "Единственное жилище заявителя признано аварийным в установленном порядке, то есть "
        "жилище, в котором проживает семья, не отвечает установленным санитарным и техническим "
        "требованиям — {cite}."
    ),
    "basis.reg:8.5": (
        "В смежных неизолированных жилых помещениях проживают две и более семьи — {cite}."
    ),
    "basis.reg:8.6": (
        "В составе семьи есть больной тяжелой формой хронического заболевания, совместное "
        "проживание с которым в одном помещении (квартире) невозможно — {cite}."
    ),
}

VERSION = RuleVersion(
    id=ID,
    title="Aktogay district akimat resolution No. 06/02 of 26 Feb 2013 (reg. No. 2273)",
    effective_from=EFFECTIVE_FROM,
    effective_to=EFFECTIVE_TO,
    coefficient=COEFFICIENT,
    lists=LISTS,
    groups=GROUPS,
    events=EVENTS,
    documents=DOCUMENTS,
    document_rules=DOCUMENT_RULES,
    worsening_window_years=5,  # reg:12
    majority_age_years=18,  # reg:7.7, reg:12.5 (кәмелетке толу)
    texts=MappingProxyType({"kk": MappingProxyType(TEXTS_KK), "ru": MappingProxyType(TEXTS_RU)}),
)
