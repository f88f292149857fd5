"""Hand-built stored objects and findings for the catalog tests."""

from classifiers.model import (
    Access,
    ColumnFinding,
    Coverage,
    DatasetFindings,
    EntityFinding,
    Sensitivity,
    StoredObject,
)

EMAIL = EntityFinding("EMAIL_ADDRESS", 0.95, 0.9, 90, 88, "90 of 100 non-null values are emails")
PHONE = EntityFinding("PHONE_NUMBER", 0.7, 0.4, 40, 30, "40 of 100 values are phone numbers")


def stored(
    path: str = "crm/people.csv",
    fingerprint: str = "sha-1",
    source: str = "lake",
    fmt: str = "csv",
) -> StoredObject:
    return StoredObject(
        source=source,
        uri=f"file:///data/{source}/{path}",
        path=path,
        size=4096,
        mtime=1_700_000_000.5,
        fingerprint=fingerprint,
        format=fmt,
        access=Access(owner="ana", group="data", mode=0o640, details=(("acl", "none"),)),
    )


def findings(
    level: Sensitivity = Sensitivity.CONFIDENTIAL, with_phone: bool = False
) -> DatasetFindings:
    entities = (EMAIL, PHONE) if with_phone else (EMAIL,)
    contact = ColumnFinding(
        column="contact",
        dtype="String",
        non_null=100,
        entities=entities,
        sensitivity=level,
        reasons=("90 of 100 non-null values are emails",),
        examples=("j***@e***.com",),
    )
    note = ColumnFinding("note", "String", 3, (), Sensitivity.PUBLIC, undetermined=True)
    coverage = Coverage(100, 1000, 512, 4096, "sample")
    return DatasetFindings((contact, note), level, ("contact holds emails",), coverage)


EVIDENCE = {"contact": {"non_null": 100, "matches": {"EMAIL_ADDRESS": 90}}}
