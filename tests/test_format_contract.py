"""Pins the saved JSON: a change here is a change of the file format (bump SCHEMA_VERSION)."""

from annotator.core.model import Tag
from annotator.core.storage import dumps, parse_project

from .factories import project

V1_FILE = """{
  "schema_version": 1,
  "metadata": {
    "title": "P",
    "description": "",
    "created": "2026-01-02T03:04:05+01:00"
  },
  "documents": [
    {
      "id": "11111111-1111-4111-8111-111111111111",
      "title": "Title",
      "source_url": null,
      "sha256": "bed33a87261fd181e8b2854927996fa3e3413417d2cc74a6f6b73632678dc160",
      "text": "A 😀 claim.\\nNext",
      "annotations": [
        {
          "id": "00000000-0000-4000-8000-000000000000",
          "tag": "claim",
          "start": 4,
          "end": 9,
          "quote": {
            "exact": "claim",
            "prefix": "A 😀 ",
            "suffix": ".\\nNext"
          },
          "note": "",
          "author": "Ann Author",
          "created": "2026-01-02T03:04:05+01:00",
          "modified": "2026-01-02T03:04:05+01:00"
        }
      ]
    }
  ]
}
"""


EXPECTED = """{
  "schema_version": 10,
  "metadata": {
    "title": "P",
    "description": "",
    "created": "2026-01-02T03:04:05+01:00",
    "reviews": [],
    "publisher": {
      "organization": "",
      "organization_url": "",
      "page_url": ""
    },
    "rating_scale": [
      {
        "name": "True",
        "value": 5
      },
      {
        "name": "Mostly true",
        "value": 4
      },
      {
        "name": "Mixed",
        "value": 3
      },
      {
        "name": "Misleading",
        "value": 2
      },
      {
        "name": "False",
        "value": 1
      },
      {
        "name": "Unverifiable",
        "value": null
      }
    ]
  },
  "documents": [
    {
      "id": "11111111-1111-4111-8111-111111111111",
      "title": "Title",
      "source_url": null,
      "outlet": "",
      "byline": "",
      "published": "",
      "status": "new",
      "assignee": "",
      "sha256": "bed33a87261fd181e8b2854927996fa3e3413417d2cc74a6f6b73632678dc160",
      "text": "A 😀 claim.\\nNext",
      "annotations": [
        {
          "id": "00000000-0000-4000-8000-000000000000",
          "tag": "claim",
          "start": 4,
          "end": 9,
          "quote": {
            "exact": "claim",
            "prefix": "A 😀 ",
            "suffix": ".\\nNext"
          },
          "note": "",
          "author": "Ann Author",
          "created": "2026-01-02T03:04:05+01:00",
          "modified": "2026-01-02T03:04:05+01:00",
          "modified_by": "",
          "comments": [],
          "verdict": "",
          "reasoning": "",
          "speaker": "",
          "links": [],
          "evidence": []
        }
      ],
      "review": [],
      "orphans": [],
      "rejected_suggestions": [],
      "verdict": "",
      "summary": ""
    }
  ]
}
"""


def test_saved_json_is_pinned():
    p = project("A 😀 claim.\nNext", [(4, 9, Tag.CLAIM)])
    assert dumps(p) == EXPECTED


def test_version_1_files_load_through_the_migration():
    assert dumps(parse_project(V1_FILE.encode("utf-8"), "old.json")) == EXPECTED
