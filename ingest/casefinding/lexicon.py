"""Russian cue lexicon for case finding: malignancy terms, context triggers, coding hints.

Everything a clinician or registrar may want to tune lives here as data, so the matching
code in :mod:`ingest.casefinding.screen` stays small. Patterns run on the lower-cased
sentence with «ё» folded to «е».
"""

from __future__ import annotations

import re

# --- malignancy cues, matched on the pymorphy3 lemma (or the lower-cased surface) -----------

#: Terms that on their own state a malignancy when affirmed.
STRONG_LEMMAS: frozenset[str] = frozenset(
    {
        "рак",
        "канцероматоз",
        "карциноматоз",
        "малигнизация",
        "малигнизированный",
        "злокачественный",
        "злокачественность",
        "онкопатология",
        "бластоматозный",
        "гемобластоз",
        "лимфогранулематоз",
        "зно",
        "dcis",
        # «Cr», «c-r», «с.r.» (Latin or Cyrillic «с»): a common Russian abbreviation of cancer.
        "cr",
        "c-r",
        "с-r",
        "c.r",
        "с.r",
        "сr",
    }
)

#: Metastasis terms: a malignancy that is secondary; the ICD hint looks for a secondary site.
METASTASIS_LEMMAS: frozenset[str] = frozenset(
    {"метастаз", "микрометастаз", "метастатический", "метастазирование", "mts", "мтс"}
)

#: Compound tumour names: the unknown-word guesser of pymorphy3 sometimes drops the final
#: «а» («лейомиосарком»), so the stems are matched at the end of the lemma with «а» optional.
STRONG_STEM_RE = re.compile(
    r"(?:карц[еи]ном|сарком|бластом|лимфом|меланом|миелом|мезотелиом|семином|базалиом|глиом"
    r"|астроцитом|карциноид|лейкеми|лейкоз)а?$"
)

#: Latin terms of pathology reports («Carcinoma planocellulare», «Lymphoma Hodgkin»).
LATIN_STRONG_RE = re.compile(
    r"^(?:\w*carcinom|\w*sarcom|\w*blastom|melanom|lymphom|myelom|mesotheliom|cancer|malign"
    r"|leuk(?:a)?emi)"
)
LATIN_METASTASIS_RE = re.compile(r"^metasta")

#: «Ca» is cancer when a word follows («Ca молочной железы»); «Ca 19-9», «Ca++» are not.
LATIN_CA = "ca"
CA_FOLLOWED_BY_WORD_RE = re.compile(r"\s+[a-zа-я]")

#: Russian oncology abbreviations, matched case-sensitively on the original text
#: with their ICD-10 hint. «ММ» (myeloma) is left out: in reports it is mostly millimetres.
ABBREVIATION_ICD10: dict[str, str | None] = {
    "РМЖ": "C50",
    "НМРЛ": "C34",
    "МРЛ": "C34",
    "РПЖ": "C61",
    "КРР": "C18-C20",
    "ГЦР": "C22",
    "ГЦК": "C22",
    "ПКР": "C64",
    "РШМ": "C53",
    "РТМ": "C54",
    "ХЛЛ": "C91.1",
    "ОМЛ": "C92.0",
    "ОЛЛ": "C91.0",
    "ХМЛ": "C92.1",
    "НХЛ": "C85",
    "ДВККЛ": "C83.3",
    "ЛХ": "C81",
    "ГИСО": None,
}
ABBREVIATION_RE = re.compile(
    r"(?<![А-ЯЁA-Za-zа-яё])(" + "|".join(ABBREVIATION_ICD10) + r")(?![А-ЯЁA-Za-zа-яё])"
)

#: Eponymous malignant tumours named with the weak word «опухоль».
EPONYM_RE = re.compile(
    r"(?<![а-я])опухол[а-я]*\s+(?:клацкина|вильмса|крукенберга|панкоста|аскина)(?![а-я])"
)

#: A TNM stage (Latin or Cyrillic T/N/M) states a staged malignancy; «Tis» is in situ.
TNM_RE = re.compile(
    r"(?<![а-яa-z0-9])[cpyra]{0,3}[tт](x|is|[0-4][a-d]?)\s*[nн][0-3x][a-c]?\s*[mм][01x]"
)

#: Terms that name a tumour or atypia without saying it is malignant: affirmed, they raise
#: a suspicion at most; a «доброкачественн…» next to them removes them.
WEAK_LEMMAS: frozenset[str] = frozenset(
    {"опухоль", "опухолевый", "новообразование", "неоплазия", "неопластический", "атипия"}
)

#: «атипичный» counts only when it qualifies cells: «атипичная гиперплазия» is precancer.
ATYPICAL_LEMMA = "атипичный"
CELL_LEMMA = "клетка"

#: Two-word cues: first lemma, the lemmas that may follow within two words, and the kind.
PAIR_CUES: dict[str, tuple[frozenset[str], str]] = {
    "онкологический": (frozenset({"заболевание", "патология", "процесс"}), "primary"),
    "вторичный": (
        frozenset({"поражение", "характер", "очаг", "процесс"}),
        "metastasis",
    ),
}

#: Lemmas near a weak cue that make it benign or reactive.
BENIGN_MODIFIER_RE = re.compile(r"доброкачествен|реактивн|воспалительн")

#: «раки, креветки»: crayfish, not cancer.
FOOD_CONTEXT_LEMMAS: frozenset[str] = frozenset(
    {"аллергия", "креветка", "морепродукт", "краб", "рыба", "пища", "еда"}
)

#: «Cr 85 мкмоль/л» is creatinine, not cancer.
CREATININE_LEMMAS: frozenset[str] = frozenset({"креатинин", "мкмоль", "ммоль"})

#: Words naming someone other than the patient: a cancer of theirs is family history.
RELATIVE_LEMMAS: frozenset[str] = frozenset(
    {
        "мать",
        "мама",
        "отец",
        "папа",
        "брат",
        "сестра",
        "бабушка",
        "дедушка",
        "дед",
        "тётя",
        "тетя",
        "дядя",
        "сын",
        "дочь",
        "родственник",
        "родственница",
        "родитель",
        "наследственность",
        "семейный",
        "племянник",
        "племянница",
        "сибс",
    }
)

# --- context triggers, matched as regexes on the sentence ----------------------------------

_W = r"[а-яa-z0-9]"  # a word character of the normalised text (re's \w would also match «_»)

#: Phrases that look negative but state uncertainty («нельзя исключить»): found first, then
#: blanked out so that the negation patterns below cannot see their «не».
UNCERTAINTY_RE = re.compile(
    r"(?<![а-яa-z])(?:"
    r"нельзя\s+исключить|не\s+исключ" + _W + r"*|не\s+позволя" + _W + r"*\s+исключить"
    r"|исключить\s+не\s+представляется\s+возможным"
    r"|(?:для|с\s+целью)\s+исключения|исключить"
    r"|(?:с\s+)?подозр(?:ени"
    + _W
    + r"*|\.)(?:\s+на)?|susp"
    + _W
    + r"*\.?|подозрител"
    + _W
    + r"*(?:\s+(?:на|в\s+отношении))?"
    r"|заподозрен" + _W + r"*|под\s+вопросом|предположительн" + _W + r"*|предположени" + _W + r"*"
    r"|вероятн" + _W + r"*(?:\s+всего)?|возможн" + _W + r"*|по-видимому|сомнительн" + _W + r"*"
    r"|(?:данных\s+)?больше\s+данных\s+за|данных\s+больше\s+за|более\s+характерн" + _W + r"*"
    r"(?:\s+для)?|мож" + _W + r"*\s+(?:соответствовать|быть)|могут\s+быть"
    r"|на\s+границе\s+с|дифференцир(?:овать|уется|уют|овка)"
    r"|дифференциальн" + _W + r"*(?:\s+диагноз" + _W + r"*)?"
    r"|дифф?\.?\s*диагноз|дд"
    r")(?![а-яa-z])"
)

#: A question mark casts doubt back over its own clause: «Рак желудка?», «(c-r?)».
QUESTION_RE = re.compile(r"\?")

#: Negation that reaches both ways within the clause: «данных за рак нет», «нет данных за».
NEGATION_RE = re.compile(
    r"(?<![а-яa-z])(?:"
    r"не\s+(?:выявлен" + _W + r"*|выявляется|обнаружен" + _W + r"*|обнаруживается"
    r"|найден" + _W + r"*|определя" + _W + r"*|получен" + _W + r"*|визуализир" + _W + r"*"
    r"|отмеча"
    + _W
    + r"*|отмечен"
    + _W
    + r"*|выявля"
    + _W
    + r"*|подтвер"
    + _W
    + r"*|было|имеется|наблюда"
    + _W
    + r"*"
    r"|установлен" + _W + r"*|отягощ" + _W + r"*)"
    r"|нет|отсутству" + _W + r"*|отсутствовал" + _W + r"*|исключ[её]н" + _W + r"*|исключается"
    r"|отрица(?:ет|ют|л|ла|ли|ние)"
    r")(?![а-яa-z])"
)

#: Negation that reaches forward only: «без признаков малигнизации».
NEGATION_FORWARD_RE = re.compile(r"(?<![а-яa-z])(?:без|отсутстви" + _W + r"*)(?![а-яa-z])")

#: Someone fears cancer or is being reassured: not a statement about the patient's disease.
HYPOTHETICAL_RE = re.compile(
    r"(?<![а-яa-z])(?:опаса" + _W + r"*|бо(?:ится|ялась|ялся)|канцерофоби" + _W + r"*)(?![а-яa-z])"
)

#: The sentence talks about the patient's own past: kept as a flag, not a different verdict.
HISTORY_RE = re.compile(
    r"состояни" + _W + r"*\s+после|в\s+анамнезе|по\s+поводу|перен[её]с|ранее|д-уч[её]т"
    r"|на\s+(?:д-)?уч[её]те|пролечен|получа" + _W + r"*\s+(?:лечение|пхт|химио)"
)

#: Clause boundaries for the reach of a trigger.
CLAUSE_BOUNDARY = ",;:"

# --- structured cues: scores, ICD-10 codes -------------------------------------------------

#: Imaging scores: category → assertion. Categories 4 and 5 are «suspicious» in BI-RADS,
#: ACR TI-RADS, PI-RADS, O-RADS, Lung-RADS; BI-RADS 6 is biopsy-proven malignancy.
RADS_RE = re.compile(
    r"(?<![а-яa-z])(bi|ti|pi|o|li|lung)[-\s]?rads\s*[:\-]?\s*(\d)\s*([a-cх]|x)?(?![а-яa-z0-9])"
)
RADS_SUSPICIOUS_FROM = 4
BIRADS_PROVEN = 6

#: The Bethesda system for thyroid cytology: IV (follicular neoplasm) and V are suspicious,
#: VI is malignant.
BETHESDA_RE = re.compile(r"(?:bethesda|бетесда)\s*[:\-]?\s*(vi|v|iv|iii|ii|i|[1-6])(?![а-яa-z0-9])")
BETHESDA_LEVEL = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6}

#: Bosniak III and IV renal cysts are surgical lesions with a real risk of malignancy.
BOSNIAK_RE = re.compile(r"bosniak\s*(iv|iii|iif|ii|i)(?![а-яa-z0-9])")

#: ICD-10 codes written in the text (Latin or Cyrillic letter): C00–C97 malignant,
#: D00–D09 in situ, Z03.1 observation for suspected malignancy. Two digits are required so
#: that vertebrae («С5-С6») are not taken for codes.
ICD10_RE = re.compile(r"(?<![а-яa-z0-9.])([cсdдzз])(\d\d)(?:\.(\d{1,2}))?(?![а-яa-z0-9])")

IN_SITU_RE = re.compile(r"[^,;:.]{0,25}?(?:in\s*situ|ин\s*ситу|\(dcis\))")

# --- hints ----------------------------------------------------------------------------------

#: Morphology (ICD-O-3) hints, most specific first; behaviour /3, turned /2 when in situ.
MORPHOLOGY_HINTS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), code)
    for pattern, code in (
        (r"плоскоклеточн\w*\s+неороговева\w*", "8072/3"),
        (r"плоскоклеточн\w*\s+ороговева\w*", "8071/3"),
        (r"плоскоклеточн", "8070/3"),
        (r"муцинозн\w*\s+аденокарцином", "8480/3"),
        (r"перстневидноклеточн", "8490/3"),
        (r"аденокистозн", "8200/3"),
        (r"эндометриоидн\w*\s+аденокарцином", "8380/3"),
        (r"серозн\w*\s+(?:аденокарцином|карцином)", "8441/3"),
        (r"протоков\w*\s+аденокарцином\w*\s+поджелудочн", "8500/3"),
        (r"протоков\w*\s+(?:\w+\s+)?(?:рак|карцином)", "8500/3"),
        (r"долько\w*\s+(?:рак|карцином)", "8520/3"),
        (r"папиллярн\w*\s+(?:рак|карцином)", "8260/3"),
        (r"фолликулярн\w*\s+(?:рак|карцином)", "8330/3"),
        (r"медуллярн\w*\s+(?:рак|карцином)", "8510/3"),
        (r"светлоклеточн", "8310/3"),
        (r"почечно-?клеточн", "8312/3"),
        (r"уротелиальн|переходноклеточн", "8120/3"),
        (r"гепатоцеллюлярн", "8170/3"),
        (r"холангиокарцином", "8160/3"),
        (r"базальн\w*-?клеточн|базалиом", "8090/3"),
        (r"немелкоклеточн", "8046/3"),
        (r"мелкоклеточн", "8041/3"),
        (r"бронхоальвеолярн", "8250/3"),
        (r"меркеля", "8247/3"),
        (r"нейроэндокринн\w*\s+карцином", "8246/3"),
        (r"карциноид|нейроэндокринн\w*\s+опухол", "8240/3"),
        (r"аденокарцином|adenocarcinoma", "8140/3"),
        (r"узлов\w*\s+(?:\w+\s+)?меланом", "8721/3"),
        (r"поверхностно\s+распростран\w*\s+меланом", "8743/3"),
        (r"меланом", "8720/3"),
        (r"лейомиосарком", "8890/3"),
        (r"липосарком", "8850/3"),
        (r"рабдомиосарком", "8900/3"),
        (r"остеосарком", "9180/3"),
        (r"хондросарком", "9220/3"),
        (r"саркома\s+юинга", "9260/3"),
        (r"мезотелиом", "9050/3"),
        (r"глиобластом", "9440/3"),
        (r"анапластическ\w*\s+астроцитом", "9401/3"),
        (r"медуллобластом", "9470/3"),
        (r"нейробластом", "9500/3"),
        (r"нефробластом|опухол\w*\s+вильмса", "8960/3"),
        (r"ретинобластом", "9510/3"),
        (r"гепатобластом", "8970/3"),
        (r"семином", "9061/3"),
        (r"эмбриональн\w*\s+(?:рак|карцином)", "9070/3"),
        (r"ходжкин|лимфогранулематоз", "9650/3"),
        (r"[вb]-крупноклеточн|двккл", "9680/3"),
        (r"фолликулярн\w*\s+лимфом", "9690/3"),
        (r"мантийн", "9673/3"),
        (r"беркитт", "9687/3"),
        (r"грибовидн\w*\s+микоз", "9700/3"),
        (r"миелом", "9732/3"),
        (r"хроническ\w*\s+лимфолейкоз", "9823/3"),
        (r"хроническ\w*\s+миелолейкоз", "9875/3"),
        (r"остр\w*\s+миелобластн|остр\w*\s+миелоидн", "9861/3"),
        (r"остр\w*\s+лимфобластн", "9811/3"),
        (r"гисо|стромальн", "8936/3"),
        (r"сарком", "8800/3"),
        (r"(?<![а-я])рак|карцином", "8010/3"),
    )
)

#: Tumour types whose ICD-10 block does not depend on a named site.
MORPHOLOGY_ICD10: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), code)
    for pattern, code in (
        (r"ходжкин|лимфогранулематоз", "C81"),
        (r"миелом", "C90"),
        (r"лимфолейкоз|лимфобластн\w*\s+лейкоз", "C91"),
        (r"миелолейкоз|миелобластн\w*\s+лейкоз|миелоидн\w*\s+лейкоз", "C92"),
        (r"лейкоз|лейкеми", "C95"),
        (r"грибовидн\w*\s+микоз|т-клеточн\w*\s+лимфом", "C84"),
        (r"фолликулярн\w*\s+лимфом", "C82"),
        (r"лимфом", "C85"),
        (r"мезотелиом\w*\s+плевр", "C45.0"),
        (r"мезотелиом\w*\s+брюшин", "C45.1"),
        (r"ретинобластом", "C69"),
        (r"нефробластом|вильмса", "C64"),
        (r"гепатобластом|гепатоцеллюлярн", "C22"),
        (r"холангиокарцином", "C22.1"),
        (r"меланом", "C43"),
        (r"базалиом|базальн\w*-?клеточн", "C44"),
        (r"семином", "C62"),
        (r"глиобластом|астроцитом|медуллобластом|глиом", "C71"),
        (r"нейробластом", "C74.9"),
    )
)

#: Primary sites (topography) → ICD-10 block, checked in the words after the cue.
SITE_ICD10: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), code)
    for pattern, code in (
        (r"молочн\w*\s+желез|(?<![а-я])груд(?:и|ь)(?![а-я])", "C50"),
        (r"пищеводно-желудочн", "C16.0"),
        (r"пищевод", "C15"),
        (r"(?<!под)желуд", "C16"),
        (r"тонк\w*\s+кишк", "C17"),
        (r"прям\w*\s+кишк|ректосигм", "C20"),
        (r"сигм|ободочн|толст\w*\s+кишк|слеп\w*\s+кишк", "C18"),
        (r"анальн|(?<![а-я])анус", "C21"),
        (r"поджелудочн", "C25"),
        (r"желчн|воротн", "C24"),
        (r"печен", "C22"),
        (r"гортан", "C32"),
        (r"легк|бронх", "C34"),
        (r"плевр", "C38.4"),
        (r"щитовидн", "C73"),
        (r"лоханк", "C65"),
        (r"почк|почечн", "C64"),
        (r"мочев\w*\s+пузыр", "C67"),
        (r"предстательн|простат", "C61"),
        (r"шейк\w*\s+матк", "C53"),
        (r"тел\w*\s+матк|эндометри|матк", "C54"),
        (r"яичник", "C56"),
        (r"яичк", "C62"),
        (r"(?<![а-я])губ", "C00"),
        (r"околоушн", "C07"),
        (r"слюнн", "C08"),
        (r"головн\w*\s+мозг|дол\w*\s+мозга|височн\w*\s+дол|лобн\w*\s+дол|мозжечк", "C71"),
        (r"подвздошн|таз\w*\s+кост|позвон", "C41"),
        (r"бедренн|берцов|плечев\w*\s+кост|(?<![а-я])кост", "C40"),
        (r"забрюшинн", "C48.0"),
        (r"брюшин", "C48"),
        (r"мягк\w*\s+ткан", "C49"),
        (r"(?<![а-я])глаз", "C69"),
        (r"(?<![а-я])кож", "C44"),
    )
)

#: Where metastases are: ICD-10 secondary codes.
SECONDARY_SITE_ICD10: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), code)
    for pattern, code in (
        (r"лимф\w*\s*узл|лимфоуз", "C77"),
        (r"легк", "C78.0"),
        (r"плевр", "C78.2"),
        (r"брюшин|канцероматоз|карциноматоз", "C78.6"),
        (r"печен", "C78.7"),
        (r"головн\w*\s+мозг", "C79.3"),
        (r"кост|позвон", "C79.5"),
        (r"надпочечник", "C79.7"),
    )
)
