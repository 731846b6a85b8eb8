"""Completeness findings, one rule at a time, and the readable diff."""

from __future__ import annotations

from regie.crisiscard import completeness, diff, schema

PARTY = "11111111-1111-1111-1111-111111111111"
GONE = "22222222-2222-2222-2222-222222222222"


def full_plan() -> dict:
    plan = schema.empty_plan()
    plan["about_me"] = {
        "text": "Ik ben Sam en ik hou van wandelen.",
        "what_crisis_means": "Ik raak de grip op de dag kwijt.",
    }
    for key, _label in schema.PHASES:
        plan["phases"][key]["signals"] = "Ik slaap slecht en trek me terug."
    plan["phases"]["crisis"]["others_do"] = "Bel mijn zus en blijf rustig bij me."
    plan["approach"]["text"] = "Spreek rustig en zeg wat je gaat doen."
    plan["contacts"] = [
        {"name": "Zus Anna", "relationship": "zus", "phone": "06-12345678", "trusted": True},
        {"name": "Ex", "relationship": "ex", "phone": "", "do_not_inform": True},
    ]
    plan["care_providers"] = [{"name": "Huisarts De Linde", "role": "GP", "phone": "050-1"}]
    plan["medication"] = [
        {"name": "Lithium", "dose": "400 mg", "what_to_do": "Blijven innemen, ook in de crisis."}
    ]
    plan["helps_harms"]["helps"] = "Muziek, wandelen, een vast ritme."
    plan["admission"]["preferred"] = "Het liefst in de kliniek in Groningen."
    plan["agreements"] = [{"party": PARTY, "text": "De huisarts belt mijn zus."}]
    return schema.normalise(plan)


def findings(content: dict, section: str) -> list[str]:
    return completeness.check(content, party_uuids=[PARTY]).section(section).findings


def test_a_full_plan_is_complete():
    result = completeness.check(full_plan(), party_uuids=[PARTY])
    assert result.complete
    assert result.percent == 100
    assert result.findings == []


def test_an_empty_plan_lists_what_is_missing_per_section():
    result = completeness.check(schema.empty_plan(), party_uuids=[])
    assert result.percent < 10
    assert "Write something about yourself: who you are." in result.section("about_me").findings
    assert "No contact persons yet. Who may be called?" in result.section("contacts").findings
    assert result.section("care_providers").findings == [
        "No care provider, GP or crisis service yet."
    ]
    assert result.section("admission").findings == [
        "No wishes about admission yet: where you would or would not like to go."
    ]


def test_about_me_empty_or_too_short():
    plan = full_plan()
    plan["about_me"]["text"] = ""
    assert findings(plan, "about_me") == ["Write something about yourself: who you are."]
    plan["about_me"]["text"] = "Sam."
    assert findings(plan, "about_me") == [
        "“Who I am” is very short. Say a bit more, so others know what you mean."
    ]


def test_a_phase_without_signals_is_named():
    plan = full_plan()
    plan["phases"]["early_signs"]["signals"] = ""
    assert findings(plan, "phases") == ["Early signs: no signals yet. How can you and others tell?"]


def test_the_crisis_phase_needs_what_others_should_do():
    plan = full_plan()
    plan["phases"]["crisis"]["others_do"] = ""
    assert findings(plan, "phases") == ["Crisis: write what others should do."]


def test_a_contact_without_a_phone_number():
    plan = full_plan()
    plan["contacts"][0]["phone"] = ""
    assert "Zus Anna has no phone number." in findings(plan, "contacts")


def test_someone_who_must_not_be_told_needs_no_phone_number():
    assert findings(full_plan(), "contacts") == []


def test_a_trusted_person_is_missing():
    plan = full_plan()
    plan["contacts"][0]["trusted"] = False
    assert findings(plan, "contacts") == ["No trusted person yet. Mark the person you trust most."]


def test_no_contacts_at_all():
    plan = full_plan()
    plan["contacts"] = []
    assert "No contact persons yet. Who may be called?" in findings(plan, "contacts")


def test_no_care_provider():
    plan = full_plan()
    plan["care_providers"] = []
    assert findings(plan, "care_providers") == ["No care provider, GP or crisis service yet."]


def test_a_medication_without_what_to_do():
    plan = full_plan()
    plan["medication"][0]["what_to_do"] = ""
    assert findings(plan, "medication") == ["Lithium: write what to do with it in a crisis."]


def test_admission_wishes_empty():
    plan = full_plan()
    plan["admission"]["preferred"] = ""
    assert findings(plan, "admission") == [
        "No wishes about admission yet: where you would or would not like to go."
    ]


def test_an_agreement_without_a_party_or_with_a_party_that_is_gone():
    plan = full_plan()
    plan["agreements"] = [
        {"party": "", "text": "Iemand belt mijn zus."},
        {"party": GONE, "text": "De wijkagent komt langs."},
    ]
    assert findings(plan, "agreements") == [
        "Agreement 1 has no party.",
        "Agreement 2 is with a party that is no longer in the plan.",
    ]


def test_progress_is_the_share_of_checks_passed_per_section_and_overall():
    plan = full_plan()
    plan["about_me"]["text"] = ""
    result = completeness.check(plan, party_uuids=[PARTY])
    assert result.section("about_me").percent == 50
    assert result.passed == result.total - 1
    assert result.percent == round(100 * (result.total - 1) / result.total)
    bars = result.bars()
    assert len(bars) == len(schema.SECTIONS)
    assert bars[0]["width"] == 100  # half of 200 units


# --- diff --------------------------------------------------------------------


def test_word_diff_marks_added_and_removed_words():
    pieces = diff.word_diff("Bel mijn zus Anna", "Bel mijn broer Anna")
    assert [(p.kind, p.text) for p in pieces] == [
        ("same", "Bel mijn "),
        ("removed", "zus"),
        ("added", "broer"),
        ("same", " Anna"),
    ]


def test_list_sections_show_added_removed_and_changed_items():
    old = full_plan()
    new = full_plan()
    new["contacts"][0]["phone"] = "06-87654321"  # changed
    new["contacts"].pop(1)  # removed
    new["medication"].append({"name": "Oxazepam", "dose": "10 mg", "what_to_do": "Zo nodig."})
    result = {s.key: s for s in diff.diff_contents(old, new)}
    contacts = result["contacts"].changed_items
    assert [(i.status, i.summary) for i in contacts] == [("changed", "Zus Anna"), ("removed", "Ex")]
    phone = next(f for f in contacts[0].fields if f.key == "phone")
    assert phone.old == "06-12345678" and phone.new == "06-87654321"
    assert [(i.status, i.summary) for i in result["medication"].changed_items] == [
        ("added", "Oxazepam")
    ]
    assert not result["about_me"].changed


def test_changed_sections_lists_only_the_changed_keys():
    old = full_plan()
    new = full_plan()
    new["phases"]["after"]["what_i_do"] = "Rust nemen."
    assert diff.changed_sections(old, new) == ["phases"]


def test_the_diff_names_parties_not_their_codes():
    old = full_plan()
    new = full_plan()
    new["agreements"][0]["text"] = "De huisarts belt mijn zus en mijn moeder."
    result = {s.key: s for s in diff.diff_contents(old, new, party_names={PARTY: "De Linde"})}
    assert result["agreements"].changed_items[0].summary == "De Linde"
