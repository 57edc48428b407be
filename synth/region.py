"""The synthetic region: districts, organisations of the FRMO registry, MIS, routing order.

The region is a pure function of the number of people, so every worker process builds the
same one. Each organisation belongs to one MIS (the `meta.source` of its records); several
organisations share an MIS, as regional deployments do.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from synth.identifiers import FRMO_SYSTEM, frmo_oid
from synth.shares import SITES

KIND_SYSTEM = "urn:onkopassport:organization-kind"
CAPABILITY_SYSTEM = "urn:onkopassport:capability"
REGISTRY_SOURCE = "frmo"

DISTRICT_NAMES = (
    "Центральный", "Заречный", "Октябрьский", "Северный", "Южный", "Приморский",
    "Лесной", "Степной", "Озёрный", "Горный", "Речной", "Новосёловский", "Берёзовский",
    "Сосновский", "Луговой", "Каменский", "Ключевской", "Светлый", "Дубравный", "Полевой",
)
POLYCLINIC_SOURCES = ("poly-mis-1", "poly-mis-2", "poly-mis-3")
HOSPITAL_SOURCE = "hospital-mis"
ONCOLOGY_SOURCE = "oncology-mis"
LAB_SOURCE = "lab-mis"
COMMERCIAL_SOURCE = "commercial-mis"
NMIC_SOURCE = "nmic-mis"
ALL_SOURCES = (*POLYCLINIC_SOURCES, HOSPITAL_SOURCE, ONCOLOGY_SOURCE, LAB_SOURCE,
               COMMERCIAL_SOURCE, NMIC_SOURCE)
#: MIS that send one FHIR transaction Bundle per person per line instead of bare resources
BUNDLE_SOURCES = (NMIC_SOURCE,)
CAOP_GROUP_SIZE = 4  # districts per ЦАОП; the last one of a full group keeps a ПОК instead

ROUTING_COLUMNS = (
    "district", "site_group", "first_oncology_oid", "diagnostics_oid", "pathology_oid",
    "tumor_board_oid", "treatment_oid", "radiotherapy_oid", "dispensary_oid",
)


@dataclass(frozen=True)
class Organisation:
    """One medical organisation of the FRMO registry."""

    index: int
    oid: str
    name: str
    kind: str
    district: int | None
    capabilities: tuple[str, ...]
    source: str
    part_of: int | None = None


@dataclass(frozen=True)
class Route:
    """Where a patient of one district with one tumour site goes (regional routing order)."""

    first_oncology: int
    diagnostics: int
    pathology: int
    tumor_board: int
    treatment: int
    radiotherapy: int
    dispensary: int


@dataclass
class Region:
    """All organisations, by kind, and the routing order."""

    districts: tuple[str, ...]
    organisations: list[Organisation] = field(default_factory=list)
    polyclinics: dict[int, list[int]] = field(default_factory=dict)
    hospitals: dict[int, int] = field(default_factory=dict)
    routes: dict[tuple[int, str], Route] = field(default_factory=dict)
    dispensary: int = -1
    nmic: int = -1
    pathology_bureau: int = -1
    laboratory: int = -1
    commercial: list[int] = field(default_factory=list)

    def add(self, name: str, kind: str, district: int | None, capabilities: tuple[str, ...],
            source: str, part_of: int | None = None) -> int:
        """Register an organisation and return its index."""
        index = len(self.organisations)
        self.organisations.append(Organisation(index, frmo_oid(1000 + index), name, kind,
                                               district, capabilities, source, part_of))
        return index


def _genitive(district: str) -> str:
    """«Горный» → «Горного»: the names of DISTRICT_NAMES are masculine adjectives in -ый, -ий
    or -ой after a hard stem, whose genitive is the stem and -ого («Ключевской» →
    «Ключевского»), as in «больница Горного района»."""
    return f"{district[:-2]}ого"


def district_count(patients: int) -> int:
    """10 districts for small regions, one more per 20 000 people, at most 20."""
    return max(10, min(20, 10 + patients // 20_000))


def build_region(patients: int) -> Region:
    """The organisations and routing order of a region sized for `patients` people."""
    region = Region(DISTRICT_NAMES[:district_count(patients)])
    for d, district in enumerate(region.districts):
        source = POLYCLINIC_SOURCES[d % len(POLYCLINIC_SOURCES)]
        count = 3 if d == 0 else 2 if d < 4 else 1
        region.polyclinics[d] = [
            region.add(f"ГБУЗ «Поликлиника № {k + 1} {_genitive(district)} района»",
                       "polyclinic", d, ("endoscopy",) if k == 0 else (), source)
            for k in range(count)]
        hospital_caps: tuple[str, ...] = ("ct", "endoscopy", "biopsy", "surgery")
        if d == 0:
            hospital_caps += ("mri", "chemotherapy")
        region.hospitals[d] = region.add(
            f"ГБУЗ «Центральная районная больница {_genitive(district)} района»", "hospital",
            d, hospital_caps, HOSPITAL_SOURCE)
    region.dispensary = region.add("ГБУЗ «Областной онкологический диспансер»",
                                   "oncology-dispensary", 0, (
                                       "ct", "mri", "pet-ct", "endoscopy", "biopsy", "pathology",
                                       "ihc", "tumor-board", "surgery", "chemotherapy",
                                       "radiotherapy", "palliative", "telemedicine"),
                                   ONCOLOGY_SOURCE)
    region.nmic = region.add("ФГБУ «НМИЦ онкологии» Минздрава России", "nmic", None, (
        "pet-ct", "ihc", "pathology", "tumor-board", "surgery", "chemotherapy", "radiotherapy",
        "telemedicine"), NMIC_SOURCE)
    region.pathology_bureau = region.add("ГБУЗ «Патологоанатомическое бюро»", "laboratory", 0,
                                         ("pathology", "ihc"), LAB_SOURCE)
    region.laboratory = region.add("ГБУЗ «Клинико-диагностическая лаборатория»", "laboratory",
                                   0, (), LAB_SOURCE)
    region.commercial = [
        region.add("ООО «Медицинский центр „Здоровье“»", "commercial", 0,
                   ("ct", "mri", "endoscopy"), COMMERCIAL_SOURCE),
        region.add("ООО «Лаборатория „Диагност“»", "commercial", 1, ("biopsy",),
                   COMMERCIAL_SOURCE),
    ]
    region.add("ГБУЗ «Станция скорой медицинской помощи»", "ambulance", 0, (), HOSPITAL_SOURCE)
    _add_oncology_offices_and_routes(region)
    return region


def _add_oncology_offices_and_routes(region: Region) -> None:
    """ЦАОП for groups of districts; the last district of a full group keeps a ПОК."""
    first_oncology: dict[int, int] = {}
    n = len(region.districts)
    for group_start in range(0, n, CAOP_GROUP_SIZE):
        members = list(range(group_start, min(n, group_start + CAOP_GROUP_SIZE)))
        host = members[0]
        caop = region.add(f"ЦАОП «{region.districts[host]}»", "caop", host,
                          ("ct", "endoscopy", "biopsy", "telemedicine"),
                          region.organisations[region.polyclinics[host][0]].source,
                          part_of=region.polyclinics[host][0])
        for d in members:
            first_oncology[d] = caop
        if len(members) == CAOP_GROUP_SIZE:
            far = members[-1]
            first_oncology[far] = region.add(
                f"Первичный онкологический кабинет «{region.districts[far]}»", "pok", far,
                ("biopsy",), region.organisations[region.polyclinics[far][0]].source,
                part_of=region.polyclinics[far][0])
    for d in range(n):
        office = first_oncology[d]
        has_ct = "ct" in region.organisations[office].capabilities
        for site in SITES:
            treat_locally = d == 0 and site.group in ("C44", "C18", "C19-C21")
            region.routes[(d, site.group)] = Route(
                first_oncology=office,
                diagnostics=office if has_ct else region.dispensary,
                pathology=(region.dispensary if site.group in ("C81-C86", "C73", "C71")
                           else region.pathology_bureau),
                tumor_board=region.dispensary,
                treatment=region.hospitals[0] if treat_locally else region.dispensary,
                radiotherapy=region.dispensary,
                dispensary=office,
            )


def organisation_resources(region: Region, last_updated: str) -> list[dict[str, object]]:
    """Organization and HealthcareService resources of the registry (source `frmo`)."""
    meta = {"versionId": "1", "lastUpdated": last_updated, "source": REGISTRY_SOURCE}
    resources: list[dict[str, object]] = []
    for org in region.organisations:
        resource: dict[str, object] = {
            "resourceType": "Organization", "id": str(org.index + 1), "meta": meta,
            "identifier": [{"system": FRMO_SYSTEM, "value": org.oid}], "active": True,
            "type": [{"coding": [{"system": KIND_SYSTEM, "code": org.kind}]}],
            "name": org.name,
            "address": [_address(region, org)],
        }
        if org.part_of is not None:
            resource["partOf"] = {"reference": f"Organization/{org.part_of + 1}"}
        resources.append(resource)
        for capability in org.capabilities:
            resources.append({
                "resourceType": "HealthcareService", "id": f"{org.index + 1}-{capability}",
                "meta": meta, "active": True,
                "providedBy": {"reference": f"Organization/{org.index + 1}"},
                "type": [{"coding": [{"system": CAPABILITY_SYSTEM, "code": capability}]}],
            })
    return resources


def _address(region: Region, org: Organisation) -> dict[str, str]:
    if org.district is None:
        return {"city": "Москва", "country": "RU"}
    return {"district": region.districts[org.district], "state": "Синтетическая область",
            "country": "RU"}


def routing_csv(region: Region) -> str:
    """The routing order as CSV text; organisations by FRMO OID (columns: ROUTING_COLUMNS)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(ROUTING_COLUMNS)
    oid = [org.oid for org in region.organisations]
    for (d, group), route in region.routes.items():
        writer.writerow([region.districts[d], group, oid[route.first_oncology],
                         oid[route.diagnostics], oid[route.pathology], oid[route.tumor_board],
                         oid[route.treatment], oid[route.radiotherapy], oid[route.dispensary]])
    return buffer.getvalue()
