"""Screen Russian medical report text for statements of malignancy.

Approach (NegEx-style rules, no trained model):

1. The text is cut at line breaks (reports use them as separators), then into sentences
   with ``razdel``, which knows Russian abbreviations («ст.», «г.», «т.к.»). Lines with no
   possible cue are skipped before razdel, the costliest step.
2. A cheap regex prefilter skips sentences with no possible cue, which is most of them.
3. Words are tokenised with one regex (it keeps «c-r», «с.r», «BI-RADS», «C50.4» whole,
   which razdel's word tokenizer would split) and lemmatised with ``pymorphy3``, cached, so
   «раком», «карциномы», «метастазами» meet their lemma; every reading is tried, since the
   likeliest one is sometimes wrong. Compound tumour names («лейомиосаркома»), frequent
   typos («аденокарценома») and Latin terms («Carcinoma planocellulare») match by stem.
4. Cues are *strong* (рак, карцинома, …, ЗНО, cr, Ca, mts, метастаз, малигнизация, РМЖ,
   НМРЛ, …, a TNM stage) or *weak* (опухоль, новообразование, неоплазия, атипичные клетки):
   a weak cue affirmed is only a suspicion, and disappears next to «доброкачественн…».
   Imaging and cytology scores (BI-RADS, TI-RADS, PI-RADS, O-RADS, Lung-RADS, Bethesda,
   Bosniak) and written ICD-10 codes (C00–C97, D00–D09, Z03.1) carry their own verdict.
5. Context triggers are regexes whose reach ends at the clause («,», «;», «:»):
   negation («не выявлено», «нет», «без», «исключен»), uncertainty («подозрение на»,
   «нельзя исключить», «вероятно», «?»), hypothetical («опасается»), and family history
   (a relative named in the same clause, or a family header before a colon). Uncertainty
   phrases are found first and masked, so the «не» of «не исключен» is not read as
   negation. One negation closing a list («Метастазов, рецидива … не выявлено») reaches
   back over commas when the list head is in the genitive of negation (pymorphy3 case).
6. Each cue becomes a :class:`Finding` with an :class:`Assertion`; :func:`suspicion_trigger`
   is true when any finding is malignant, in situ or suspected. A finding is only ever a
   *suspicion trigger* with its sentence as evidence: it never stands for a confirmed
   diagnosis, and its ICD-10 / ICD-O-3 codes are hints from a small lexicon.

Limits: rules read one sentence at a time, so a negation in the next sentence («Рак?
Не подтвердился.») or a diagnosis spread over a table is missed. Clause reach by
punctuation fails on long comma-lists under one negation whose head is not genitive, and on
a family clause followed by another clause about the same relative without naming them
(«У отца рак легкого, рак желудка»). Precancer (CIN III, HSIL, high-grade dysplasia) is not
screened. Tumour names outside the stem list, typos inside other cue words, and reports
wholly in English are missed. A past cancer of the patient («состояние после … по поводу
рака») is reported as malignant with ``historical`` set. The labelled set behind the
figures was written by the same author as the rules (held-out part written first and not
read while tuning), so the figures are optimistic for other writers' reports.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

import pymorphy3
from razdel import sentenize

from ingest.casefinding import lexicon as lx


class Assertion(StrEnum):
    """What a sentence says about one malignancy cue."""

    MALIGNANT = "malignant"  # affirmed malignancy of this patient (present or past)
    IN_SITU = "in-situ"  # affirmed carcinoma/melanoma in situ
    SUSPECTED = "suspected"  # uncertain, suspicious, or a tumour of unstated nature
    NEGATED = "negated"  # ruled out or not found
    FAMILY = "family"  # a relative's malignancy, not this patient's
    HYPOTHETICAL = "hypothetical"  # feared or discussed, not stated


#: Assertions that raise the suspicion trigger.
TRIGGERING: frozenset[Assertion] = frozenset(
    {Assertion.MALIGNANT, Assertion.IN_SITU, Assertion.SUSPECTED}
)


@dataclass(frozen=True, slots=True)
class Finding:
    """One malignancy cue in its context, with the sentence as evidence."""

    assertion: Assertion
    sentence: str
    span: tuple[int, int]  # the cue, as offsets in the screened text
    cue: str
    sentence_span: tuple[int, int]
    kind: str = "primary"  # primary, metastasis, score, code, weak
    icd10_hint: str | None = None
    morphology_hint: str | None = None
    historical: bool = False

    @property
    def triggers(self) -> bool:
        return self.assertion in TRIGGERING


@dataclass(slots=True)
class _Cue:
    start: int  # offsets within the sentence
    end: int
    kind: str
    strong: bool
    preset: Assertion | None = None  # scores and codes carry their own verdict
    icd10: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


# A cheap gate: a sentence without any of these stems cannot hold a cue.
_PREFILTER_RE = re.compile(
    r"рак|карц[еи]ном|сарком|бласт|лимфом|меланом|миелом|мезотелиом|семином|базалиом|глиом"
    r"|астроцитом|карциноид|лейкоз|лейкем|метаст|mts|канцер|малигн|неоплаз|неопласт|опухол|новообраз"
    r"|злокач|атипи|онко|вторичн|зно|мтс|c\.?-?r|с\.?-?r|rads|bethesda|бетесда|bosniak|dcis"
    r"|[cсdдzз]\d\d|carcinom|sarcom|blastom|melanom|lymphom|myelom|cancer|metasta|malign|leuk"
    r"|(?<![a-z])ca(?![a-z0-9+-])|[tт](?:[0-4]|x|is)[a-d]?\s*[nн][0-3x]"
    r"|(?<![а-я])(?:рмж|нмрл|мрл|рпж|крр|гцр|гцк|пкр|ршм|ртм|хлл|омл|олл|хмл|нхл|двккл|лх|гисо)"
    r"(?![а-я])"
)
_TOKEN_RE = re.compile(r"[0-9a-zа-я]+(?:[-.'][0-9a-zа-я]+)*")
_LINE_RE = re.compile(r"[^\r\n]+")
_INNER_STOP_RE = re.compile(r"[.!?…]\s+\S")
_NUMBER_RE = re.compile(r"\d")

_morph = pymorphy3.MorphAnalyzer()


def _normalise(text: str) -> str:
    """Lower-case with «ё» folded; keeps the length so offsets stay valid."""
    lowered = text.lower().replace("ё", "е")
    if len(lowered) != len(text):  # rare characters whose lower case is longer
        lowered = "".join(ch.lower()[:1] or ch for ch in text).replace("ё", "е")
    return lowered


@lru_cache(maxsize=200_000)
def lemma_of(word: str) -> str:
    """The dictionary form of a lower-case word (cached: reports repeat their words)."""
    if not word.isalpha() or word.isascii():
        return word
    return _morph.parse(word)[0].normal_form.replace("ё", "е")


@lru_cache(maxsize=200_000)
def _all_lemmas(word: str) -> tuple[str, ...]:
    """Every dictionary form pymorphy3 offers: the likeliest one is sometimes wrong
    («атипии» → «атипий»), and a cue must not hang on that choice."""
    if not word.isalpha() or word.isascii():
        return (word,)
    forms = dict.fromkeys(p.normal_form.replace("ё", "е") for p in _morph.parse(word))
    return (*forms, word)


@lru_cache(maxsize=200_000)
def is_genitive(word: str) -> bool:
    """Whether the likeliest reading of a word is genitive («метастазов», «признаков рака»)."""
    if not word.isalpha() or word.isascii():
        return False
    return _morph.parse(word)[0].tag.case == "gent"


@lru_cache(maxsize=200_000)
def _cue_class(word: str) -> str | None:
    """Class of a single word: primary, metastasis, weak, atypical, pair, ca, or None."""
    if word.isascii():
        return _latin_cue_class(word)
    for form in _all_lemmas(word):
        if form in lx.METASTASIS_LEMMAS:
            return "metastasis"
        if form in lx.STRONG_LEMMAS or lx.STRONG_STEM_RE.search(form):
            return "primary"
        if form in lx.WEAK_LEMMAS:
            return "weak"
        if form == lx.ATYPICAL_LEMMA:
            return "atypical"
        if form in lx.PAIR_CUES:
            return "pair"
    return None


def _latin_cue_class(word: str) -> str | None:
    if word == lx.LATIN_CA:
        return "ca"
    if word in lx.METASTASIS_LEMMAS or lx.LATIN_METASTASIS_RE.match(word):
        return "metastasis"
    if word in lx.STRONG_LEMMAS or lx.LATIN_STRONG_RE.match(word):
        return "primary"
    return None


def _sentences(text: str) -> Iterator[tuple[int, str]]:
    """(offset, sentence) pairs: lines first, then razdel within a line."""
    for line in _LINE_RE.finditer(text):
        # razdel is the costliest step: lines with no possible cue are not split at all.
        if not _PREFILTER_RE.search(_normalise(line.group())):
            continue
        if not _INNER_STOP_RE.search(line.group()):
            # One sentence on the line (the common case in conclusions): razdel not needed.
            stripped = line.group().strip()
            yield line.start() + line.group().index(stripped[:1]), stripped
            continue
        for sentence in sentenize(line.group()):
            yield line.start() + sentence.start, sentence.text


def _word_cues(norm: str) -> list[_Cue]:
    """Cues found word by word on the lemmas of one normalised sentence."""
    tokens = list(_TOKEN_RE.finditer(norm))
    lemmas = [lemma_of(token.group()) for token in tokens]
    lemma_set = frozenset(lemmas)
    cues: list[_Cue] = []
    for index, token in enumerate(tokens):
        cue_class = _cue_class(token.group())
        if cue_class is None:
            continue
        cue = _classify_token(cue_class, index, tokens, lemmas, lemma_set)
        if cue is not None:
            cues.append(cue)
    return cues


def _classify_token(
    cue_class: str,
    index: int,
    tokens: list[re.Match[str]],
    lemmas: list[str],
    lemma_set: frozenset[str],
) -> _Cue | None:
    token = tokens[index]
    lemma = lemmas[index]
    following = lemmas[index + 1 : index + 3]
    if cue_class == "pair":
        partners, kind = lx.PAIR_CUES[lemma]
        hit = next((i for i, word in enumerate(following) if word in partners), None)
        if hit is None:
            return None
        return _Cue(token.start(), tokens[index + 1 + hit].end(), kind, strong=True)
    if cue_class == "ca":
        if not lx.CA_FOLLOWED_BY_WORD_RE.match(token.string, token.end()):
            return None
        return _Cue(token.start(), token.end(), "primary", strong=True)
    if cue_class == "atypical":
        if lx.CELL_LEMMA not in following:
            return None
        return _Cue(token.start(), token.end(), "weak", strong=False)
    if lemma == "рак" and lemma_set & lx.FOOD_CONTEXT_LEMMAS:
        return None
    if lemma in {"cr", "c-r", "с-r", "сr"} and _looks_like_creatinine(index, tokens, lemmas):
        return None
    if cue_class == "weak" and _benign_nearby(index, lemmas):
        return None
    if lemma == "dcis":
        return _Cue(token.start(), token.end(), "primary", True, Assertion.IN_SITU)
    return _Cue(token.start(), token.end(), cue_class, strong=cue_class != "weak")


def _looks_like_creatinine(index: int, tokens: list[re.Match[str]], lemmas: list[str]) -> bool:
    next_token = tokens[index + 1].group() if index + 1 < len(tokens) else ""
    nearby = set(lemmas[max(0, index - 2) : index + 3])
    return bool(_NUMBER_RE.match(next_token)) or bool(nearby & lx.CREATININE_LEMMAS)


def _benign_nearby(index: int, lemmas: list[str]) -> bool:
    window = lemmas[max(0, index - 3) : index + 4]
    return any(lx.BENIGN_MODIFIER_RE.match(word) for word in window)


def _structured_cues(sentence: str, norm: str) -> list[_Cue]:
    """Scores, stages, abbreviations and written ICD-10 codes."""
    cues: list[_Cue] = []
    for match in lx.ABBREVIATION_RE.finditer(sentence):
        icd10 = lx.ABBREVIATION_ICD10[match.group(1)]
        cues.append(_Cue(match.start(), match.end(), "primary", True, None, icd10))
    for match in lx.EPONYM_RE.finditer(norm):
        cues.append(_Cue(match.start(), match.end(), "primary", True))
    for match in lx.TNM_RE.finditer(norm):
        verdict = Assertion.IN_SITU if match.group(1) == "is" else None
        cues.append(_Cue(match.start(), match.end(), "stage", True, verdict))
    for match in lx.RADS_RE.finditer(norm):
        category = int(match.group(2))
        if match.group(1) == "bi" and category >= lx.BIRADS_PROVEN:
            cues.append(_Cue(match.start(), match.end(), "score", True, Assertion.MALIGNANT))
        elif category >= lx.RADS_SUSPICIOUS_FROM:
            cues.append(_Cue(match.start(), match.end(), "score", True, Assertion.SUSPECTED))
    for match in lx.BETHESDA_RE.finditer(norm):
        level = lx.BETHESDA_LEVEL.get(match.group(1)) or int(match.group(1))
        if level >= 4:
            verdict = Assertion.MALIGNANT if level == 6 else Assertion.SUSPECTED
            cues.append(_Cue(match.start(), match.end(), "score", True, verdict))
    for match in lx.BOSNIAK_RE.finditer(norm):
        if match.group(1) in {"iii", "iv"}:
            cues.append(_Cue(match.start(), match.end(), "score", True, Assertion.SUSPECTED))
    for match in lx.ICD10_RE.finditer(norm):
        cue = _icd10_cue(match)
        if cue is not None:
            cues.append(cue)
    return cues


def _icd10_cue(match: re.Match[str]) -> _Cue | None:
    letter = {"с": "c", "д": "d", "з": "z"}.get(match.group(1), match.group(1))
    block = int(match.group(2))
    code = f"{letter.upper()}{match.group(2)}" + (f".{match.group(3)}" if match.group(3) else "")
    if letter == "c" and block <= 97:
        return _Cue(match.start(), match.end(), "code", True, None, code)
    if letter == "d" and block <= 9:
        return _Cue(match.start(), match.end(), "code", True, Assertion.IN_SITU, code)
    if letter == "z" and block == 3 and match.group(3) == "1":
        return _Cue(match.start(), match.end(), "code", True, Assertion.SUSPECTED, code)
    return None


def _merge_adjacent(cues: list[_Cue], norm: str) -> list[_Cue]:
    """«злокачественное новообразование», «метастаз аденокарциномы»: one finding each."""
    merged: list[_Cue] = []
    for cue in sorted(cues, key=lambda c: c.start):
        previous = merged[-1] if merged else None
        if (
            previous
            and previous.preset is None
            and cue.preset is None
            and (not norm[previous.end : cue.start].strip(" -"))
        ):
            previous.end = max(previous.end, cue.end)
            previous.strong = previous.strong or cue.strong
            if "metastasis" in (previous.kind, cue.kind):
                previous.kind = "metastasis"
            elif previous.kind == "weak":
                previous.kind = cue.kind
            previous.icd10 = previous.icd10 or cue.icd10
            continue
        merged.append(cue)
    return merged


# --- context: which trigger reaches which cue ---------------------------------------------


def _clause_start(norm: str, position: int, extra: str = "") -> int:
    """Start of the clause that holds ``position`` (after the last boundary before it)."""
    boundaries = lx.CLAUSE_BOUNDARY + extra
    return max(norm.rfind(ch, 0, position) for ch in boundaries) + 1


def _clause_end(norm: str, position: int) -> int:
    ends = [norm.find(ch, position) for ch in lx.CLAUSE_BOUNDARY]
    found = [end for end in ends if end != -1]
    return min(found) if found else len(norm)


def _skip_separators(norm: str, position: int) -> int:
    """Past the comma or colon that follows a parenthetical («вероятно, рак»; «ДД: рак»)."""
    while position < len(norm) and norm[position] in " ,:-–—(":
        position += 1
    return position


def _forward_reach(norm: str, end: int) -> tuple[int, int]:
    start = _skip_separators(norm, end)
    return start, _clause_end(norm, start)


def _backward_reach(norm: str, start: int) -> tuple[int, int]:
    return _clause_start(norm, start), start


def _two_way_reaches(
    norm: str, match: re.Match[str], backward_if_empty: bool
) -> list[tuple[int, int]]:
    forward = _forward_reach(norm, match.end())
    if not backward_if_empty:
        return [forward, _backward_reach(norm, match.start())]
    if _TOKEN_RE.search(norm, forward[0], forward[1]):
        return [forward]
    # «Рак не исключен.», «лимфома, вероятно»: doubt reaches back over its own clause.
    head = norm[: match.start()].rstrip(" ,")
    return [_backward_reach(norm, len(head)) if head else (0, 0)]


def _uncertainty_reaches(norm: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Reaches of uncertainty triggers, and the trigger spans themselves (to mask)."""
    reaches: list[tuple[int, int]] = []
    spans: list[tuple[int, int]] = []
    for match in lx.UNCERTAINTY_RE.finditer(norm):
        spans.append(match.span())
        reaches.extend(_two_way_reaches(norm, match, backward_if_empty=True))
    for match in lx.QUESTION_RE.finditer(norm):
        reaches.append((_clause_start(norm, match.start(), extra="("), match.start()))
    return reaches, spans


def _negation_reaches(masked: str) -> list[tuple[int, int]]:
    reaches: list[tuple[int, int]] = []
    for match in lx.NEGATION_RE.finditer(masked):
        reaches.extend(_two_way_reaches(masked, match, backward_if_empty=False))
    for match in lx.NEGATION_FORWARD_RE.finditer(masked):
        reaches.append(_forward_reach(masked, match.end()))
    return reaches


def _mask(norm: str, spans: list[tuple[int, int]]) -> str:
    chars = list(norm)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _family_segments(norm: str) -> list[tuple[int, int]]:
    """Clauses (cut at «,» and «;») that name a relative, or the whole sentence under a
    family header («Наследственность: …», «Семейный анамнез: …»)."""
    header = norm.split(":", 1)[0] if ":" in norm else ""
    if header and _names_relative(header):
        return [(0, len(norm))]
    segments: list[tuple[int, int]] = []
    start = 0
    for part in re.split(r"[,;]", norm):
        end = start + len(part)
        if _names_relative(part):
            segments.append((start, end))
        start = end + 1
    return segments


def _names_relative(text: str) -> bool:
    return any(lemma_of(m.group()) in lx.RELATIVE_LEMMAS for m in _TOKEN_RE.finditer(text))


def _inside(position: int, reaches: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in reaches)


def _negated_genitive_list(cue: _Cue, norm: str, masked: str) -> bool:
    """«Метастазов, рецидива, очаговых изменений не выявлено»: one negation closes a list.

    A clause reach stops at the first comma, so the list head is reached only when it
    stands in the genitive of negation from the start of its clause, the case pymorphy3
    reads. «Рак легкого, метастазов не выявлено» keeps «рак» affirmed (nominative), and so
    does «после операции по поводу рака, рецидива нет» (the clause opens with a preposition).
    """
    head = norm[_clause_start(norm, cue.start) : cue.end]
    words = [m.group() for m in _TOKEN_RE.finditer(head)]
    if not words or not all(is_genitive(word) or word == "за" for word in words):
        return False
    trigger = lx.NEGATION_RE.search(masked, cue.end)
    return trigger is not None and not any(ch in ";:.?" for ch in norm[cue.end : trigger.start()])


@dataclass(slots=True)
class _Context:
    masked: str
    negation: list[tuple[int, int]]
    uncertainty: list[tuple[int, int]]
    family: list[tuple[int, int]]
    hypothetical: list[tuple[int, int]]


def _context_of(norm: str) -> _Context:
    uncertainty, uncertainty_spans = _uncertainty_reaches(norm)
    masked = _mask(norm, uncertainty_spans)
    hypothetical = [
        (_clause_start(norm, m.start()), _clause_end(norm, m.end()))
        for m in lx.HYPOTHETICAL_RE.finditer(norm)
    ]
    return _Context(
        masked, _negation_reaches(masked), uncertainty, _family_segments(norm), hypothetical
    )


def _assertion_of(cue: _Cue, norm: str, context: _Context) -> Assertion:
    # Order matters: whose disease first, then whether it is denied, then how sure.
    if _inside(cue.start, context.family):
        return Assertion.FAMILY
    if _inside(cue.start, context.hypothetical):
        return Assertion.HYPOTHETICAL
    if _inside(cue.start, context.negation) or _negated_genitive_list(cue, norm, context.masked):
        return Assertion.NEGATED
    if cue.preset is not None:
        return cue.preset
    if _inside(cue.start, context.uncertainty) or not cue.strong:
        return Assertion.SUSPECTED
    if lx.IN_SITU_RE.match(norm, cue.end):
        return Assertion.IN_SITU
    return Assertion.MALIGNANT


# --- hints --------------------------------------------------------------------------------


def _required_literal(source: str) -> str | None:
    """A run of letters every match of the pattern must contain, or None if unsure.

    Lets a table skip most of its patterns with a fast substring test."""
    depth = 0
    for char in source:
        depth += (char == "(") - (char == ")")
        if char == "|" and depth == 0:
            return None  # a top-level alternative: no single required literal
    plain = re.sub(r"\\.", " ", source)  # escapes such as \w, \s
    plain = re.sub(r"\[[^\]]*\]", " ", plain)  # character classes
    while "(" in plain:  # groups may be optional or alternatives: drop them, inner first
        plain = re.sub(r"\([^()]*\)[?*]?", " ", plain)
    plain = re.sub(r".[?*{]", " ", plain)  # a letter that may be absent
    runs = re.findall(r"[а-яa-z]+", plain)
    return max(runs, key=len) if runs else None


class _PriorityTable:
    """Ordered (pattern, code) pairs: the first pair in list order that matches wins."""

    def __init__(self, pairs: tuple[tuple[re.Pattern[str], str], ...]) -> None:
        self._entries = [
            (_required_literal(pattern.pattern), pattern, code) for pattern, code in pairs
        ]

    def first(self, text: str) -> str | None:
        for literal, pattern, code in self._entries:
            if literal is not None and literal not in text:
                continue
            if pattern.search(text):
                return code
        return None


_MORPHOLOGY = _PriorityTable(lx.MORPHOLOGY_HINTS)
_MORPHOLOGY_SITE = _PriorityTable(lx.MORPHOLOGY_ICD10)
_SITE = _PriorityTable(lx.SITE_ICD10)
_SECONDARY_SITE = _PriorityTable(lx.SECONDARY_SITE_ICD10)


def _morphology_hint(cue: _Cue, norm: str, assertion: Assertion) -> str | None:
    # Scores, stages and codes name no morphology; «метастаз аденокарциномы» does.
    if cue.kind in {"score", "code", "stage"}:
        return None
    window = norm[_clause_start(norm, cue.start) : min(len(norm), cue.end + 30)]
    code = _MORPHOLOGY.first(window)
    if code and assertion is Assertion.IN_SITU:
        return code[:-1] + "2"
    return code


def _icd10_hint(cue: _Cue, norm: str) -> str | None:
    if cue.icd10:
        return cue.icd10
    if cue.kind == "score":
        return None
    clause = norm[_clause_start(norm, cue.start) : _clause_end(norm, cue.end)]
    if cue.kind == "metastasis":
        return _SECONDARY_SITE.first(clause)
    after = norm[cue.end : _clause_end(norm, cue.end)]
    by_morphology = _MORPHOLOGY_SITE.first(clause)  # the clause holds the cue itself
    if by_morphology == "C43" and "глаз" in after:
        return "C69"
    if by_morphology:
        return by_morphology
    # The site usually follows the cue («рак желудка»); abbreviations often close a
    # description («образование головки поджелудочной железы, вероятно, cr»).
    for text in (after, clause, norm[: cue.start]):
        code = _SITE.first(text)
        if code:
            return code
    return None


# --- public API ---------------------------------------------------------------------------


def screen_sentence(sentence: str, offset: int = 0) -> list[Finding]:
    """Findings of one sentence; ``offset`` places it in the whole text."""
    norm = _normalise(sentence)
    if not _PREFILTER_RE.search(norm):
        return []
    cues = _merge_adjacent(_word_cues(norm) + _structured_cues(sentence, norm), norm)
    if not cues:
        return []
    context = _context_of(norm)
    historical = bool(lx.HISTORY_RE.search(norm))
    findings = []
    for cue in cues:
        assertion = _assertion_of(cue, norm, context)
        findings.append(
            Finding(
                assertion=assertion,
                sentence=sentence,
                span=(offset + cue.start, offset + cue.end),
                cue=sentence[cue.start : cue.end],
                sentence_span=(offset, offset + len(sentence)),
                kind="weak" if not cue.strong else cue.kind,
                icd10_hint=_icd10_hint(cue, norm) if assertion in TRIGGERING else None,
                morphology_hint=(
                    _morphology_hint(cue, norm, assertion) if assertion in TRIGGERING else None
                ),
                historical=historical,
            )
        )
    return findings


def screen_text(text: str) -> list[Finding]:
    """All malignancy cues of a report text, each with its assertion and evidence sentence."""
    if not text or not _PREFILTER_RE.search(_normalise(text)):
        return []
    findings: list[Finding] = []
    for offset, sentence in _sentences(text):
        findings.extend(screen_sentence(sentence, offset))
    return findings


def suspicion_trigger(findings: list[Finding]) -> bool:
    """True when some finding states or suspects a malignancy of this patient, not negated.

    The result is a *suspicion* trigger only: it opens a check, never a confirmed diagnosis.
    """
    return any(finding.triggers for finding in findings)


def decision(findings: list[Finding]) -> str:
    """One label for a text: 'malignant', 'suspected' or 'negative' (as in labelled.tsv)."""
    assertions = {finding.assertion for finding in findings}
    if assertions & {Assertion.MALIGNANT, Assertion.IN_SITU}:
        return "malignant"
    if Assertion.SUSPECTED in assertions:
        return "suspected"
    return "negative"
