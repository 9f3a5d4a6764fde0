"""The published snapshot, version 1: what public pages, exports and certificates read.
Written by snapshot.py; read only through published.py (frozen dataclasses, decimals as
Decimal), which refuses any document not of this shape.

A ResultVersion stores one JSON document of this shape. Decimals are strings with the
contest's decimal places ("91.25"); ids are integers of the live database at the time of
publishing (used to link objections and certificates back to entries and delegations).

    {
      "format": 1,
      "contest": {"id", "code", "name", "name_en", "year", "organizer", "decimal_places"},
      "version": {"number", "status", "published_at", "change_note",
                  "publicity_ends_at",            # the moment (UTC) objections close
                  "publicity_ends_on",            # the last day of it, on the app's clock
                  "changes": [str],               # a correction: what changed, entry by entry
                  "correction_of": int | null},   # the final version a correction corrects
      "stages": [{
        "id", "name", "position",
        "groups": [{                      # one ranking group: an event, a heat, or overall
          "scope": "event" | "heat" | "overall", "event": str, "heat": str,
          "rows": [{
            "entry_id", "contestant_id", "bib", "name", "unit", "delegation",
            "delegation_id", "event", "heat",
            "rank": int | null,           # null when not ranked (vetoed, incomplete …)
            "total": str | null, "components": {component name: str},
            "status": "ranked" | "vetoed" | "disqualified" | "incomplete",
            "eligible": bool,             # may receive awards (gates passed …)
            "guest": bool,                # 不参与评奖: ranked, never awarded (optional)
            "advanced": bool, "advanced_manually": str,   # reason when added by hand
            "notes": [str],               # short reasons shown beside the row
            "exclusions": [{"code", "params", "text"}],   # the notes as lines (optional)
            "explanation": [{"code", "params", "text"}]   # full trace, when released
            # params: text (decimals as text), numbers, lists, mappings, nested lines;
            # public/explain.py makes sentences of them, "text" is the core's English
          }]
        }],
        "teams": [{"rule_id", "stage_id", "delegation_id", "delegation", "rank", "total",
                   "members"}]
      }],
      "awards": [{
        "rule_id", "rule", "scope": "individual" | "team", "method", "stage", "event",
        "tier", "tier_id", "tier_position",
        "entry_id" | null, "contestant_id" | null, "delegation_id" | null,
        "name", "bib", "unit", "delegation", "total", "rank",
        "benefit": {"amount": str, "period": "month" | "year" | "once", "yearly": str} | null,
        "why": str, "why_lines": [{"code", "params", "text"}],  # optional
        "basis": "total" | "component:<name>" | "criterion:<label>",  # optional; 单项奖
        "score": str | null               # a single-item prize's score on its item
      }],
      "team_standings": [{                # optional: team standings without tiers
        "id", "name", "stage_id", "stage", "method": "sum" | "mean" | "best_n", "best_n",
        "min_members", "per_event": bool,
        "groups": [{"event": str,         # "" when over all events together
                    "rows": [{"delegation_id", "delegation", "rank": int | null, "total",
                              "members": int, "reasons": [{"code", "params", "text"}]}]}]
      }],
      "titles": [{
        "rule_id", "title", "is_nomination",
        "state": "awarded" | "to_confirm" | "confirmed" | "rejected",
        "entry_id" | null, "contestant_id" | null, "delegation_id" | null,
        "name", "unit", "delegation", "why", "why_lines",
        "subject": "entry" | "unit" | "delegation",   # optional; absent: "entry"
        "basis": [str]          # optional; a team's or delegation's winners, by name
      }]
    }
"""
FORMAT = 1
