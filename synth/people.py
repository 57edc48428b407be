"""Synthetic people: Russian names, birth dates, and the spelling variants MIS produce."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

MALE_FAMILIES = (
    "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов",
    "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров",
    "Павлов", "Козлов", "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин",
    "Захаров", "Зайцев", "Соловьёв", "Борисов", "Яковлев", "Григорьев", "Романов", "Воробьёв",
    "Сергеев", "Кузьмин", "Фролов", "Александров", "Дмитриев", "Королёв", "Гусев", "Киселёв",
    "Ильин", "Максимов", "Поляков", "Сорокин", "Виноградов", "Ковалёв", "Белов", "Медведев",
    "Антонов", "Тарасов", "Жуков", "Баранов", "Филиппов", "Комаров", "Давыдов", "Беляев",
    "Герасимов", "Богданов", "Осипов", "Сидоров", "Матвеев", "Титов", "Марков", "Миронов",
    "Крылов", "Куликов", "Карпов", "Власов", "Мельников", "Денисов", "Гаврилов", "Тихонов",
    "Казаков", "Афанасьев", "Данилов", "Савельев", "Тимофеев", "Фомин", "Чернов", "Абрамов",
    "Мартынов", "Ефимов", "Федотов", "Щербаков", "Назаров", "Калинин", "Исаев", "Чернышёв",
    "Быков", "Маслов", "Родионов", "Коновалов", "Лазарев", "Воронин", "Климов", "Филатов",
    "Пономарёв", "Голубев", "Кудрявцев", "Прохоров", "Наумов", "Потапов", "Журавлёв", "Ершов",
)
MALE_GIVEN = (
    "Александр", "Сергей", "Владимир", "Андрей", "Алексей", "Дмитрий", "Николай", "Михаил",
    "Евгений", "Игорь", "Юрий", "Виктор", "Олег", "Иван", "Анатолий", "Павел", "Валерий",
    "Василий", "Геннадий", "Борис", "Пётр", "Константин", "Максим", "Артём", "Виталий",
    "Фёдор", "Григорий", "Леонид", "Роман", "Станислав",
)
FEMALE_GIVEN = (
    "Елена", "Татьяна", "Ольга", "Наталья", "Ирина", "Светлана", "Галина", "Людмила",
    "Валентина", "Нина", "Любовь", "Надежда", "Марина", "Анна", "Мария", "Екатерина",
    "Лариса", "Тамара", "Вера", "Зинаида", "Юлия", "Людмила", "Алёна", "Дарья", "Ксения",
    "Антонина", "Раиса", "Лидия", "Софья", "Фёкла",
)
FATHER_NAMES = (
    ("Александр", "Александрович", "Александровна"), ("Сергей", "Сергеевич", "Сергеевна"),
    ("Владимир", "Владимирович", "Владимировна"), ("Николай", "Николаевич", "Николаевна"),
    ("Иван", "Иванович", "Ивановна"), ("Михаил", "Михайлович", "Михайловна"),
    ("Пётр", "Петрович", "Петровна"), ("Алексей", "Алексеевич", "Алексеевна"),
    ("Виктор", "Викторович", "Викторовна"), ("Юрий", "Юрьевич", "Юрьевна"),
    ("Анатолий", "Анатольевич", "Анатольевна"), ("Фёдор", "Фёдорович", "Фёдоровна"),
    ("Семён", "Семёнович", "Семёновна"), ("Василий", "Васильевич", "Васильевна"),
    ("Григорий", "Григорьевич", "Григорьевна"), ("Артём", "Артёмович", "Артёмовна"),
    ("Дмитрий", "Дмитриевич", "Дмитриевна"), ("Андрей", "Андреевич", "Андреевна"),
)
_TYPO_LETTERS = "аеиоуыэюяклмнпрст"


@dataclass
class PersonName:
    """Family name, first name and patronymic as the home MIS spells them."""

    family: str
    given: str
    patronymic: str


@dataclass
class Person:
    """One real person of the synthetic region (the ground truth)."""

    index: int
    person_id: str
    sex: str  # "male" | "female"
    birth_date: date
    name: PersonName
    snils: str | None
    enp: str
    district: int
    home_polyclinic: int  # organisation index of attachment
    kind: str  # "cancer" | "suspicion" | "none"
    deceased_on: date | None = None
    moved_on: date | None = None  # left the region: no records after that day
    story_start: date | None = None  # day of the first suspicion (cancer and suspicion kinds)


def random_name(rng: random.Random, sex: str) -> PersonName:
    """A Russian full name of the given sex."""
    family = rng.choice(MALE_FAMILIES)
    father = rng.choice(FATHER_NAMES)
    if sex == "male":
        return PersonName(family, rng.choice(MALE_GIVEN), father[1])
    return PersonName(_feminine_family(family), rng.choice(FEMALE_GIVEN), father[2])


def _feminine_family(family: str) -> str:
    if family.endswith(("ов", "ёв", "ев", "ин", "ын")):
        return family + "а"
    return family


def name_variant(rng: random.Random, name: PersonName) -> tuple[PersonName, str]:
    """A spelling another MIS may produce, and what changed (for the ground truth)."""
    roll = rng.random()
    if roll < 0.4 and any("ё" in part.lower() for part in (name.family, name.given,
                                                             name.patronymic)):
        return PersonName(*(_yo_to_ye(p) for p in (name.family, name.given,
                                                     name.patronymic))), "yo-ye"
    if roll < 0.8:
        return PersonName(_typo(rng, name.family), name.given, name.patronymic), "typo"
    return PersonName(name.given, name.family, name.patronymic), "swapped"


def _yo_to_ye(text: str) -> str:
    return text.replace("ё", "е").replace("Ё", "Е")


def _typo(rng: random.Random, word: str) -> str:
    """One keyboard slip: swap two neighbours, drop or replace a letter (never the first)."""
    if len(word) < 4:
        return word + rng.choice(_TYPO_LETTERS)
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == 1:
        return word[:i] + word[i + 1:]
    replacement = rng.choice([c for c in _TYPO_LETTERS if c != word[i]])
    return word[:i] + replacement + word[i + 1:]
