"""What the demo participants wrote: a plan in plain words, the English side of
the demo login's card and the question waiting for their consultant."""

from __future__ import annotations

from typing import Any

from regie.crisiscard import schema
from regie.crisiscard.models import (
    Party,
)


def plan_content(first_name: str, parties: dict[str, Party]) -> dict[str, Any]:
    """A realistic plan, in the participant's own plain words."""
    content: dict[str, Any] = {
        "about_me": {
            "text": (
                f"Ik ben {first_name}. Ik woon alleen met mijn kat Moos. Ik werk twee dagen "
                "per week in de kringloopwinkel. Ik hou van fietsen en van muziek."
            ),
            "what_crisis_means": (
                "In een crisis raak ik in paniek en ga ik dingen horen die er niet zijn. "
                "Ik vertrouw dan niemand meer, ook mijn familie niet."
            ),
        },
        "phases": {
            "stable": {
                "signals": "Ik slaap goed, ga naar mijn werk en bel mijn zus elke week.",
                "what_i_do": "Vaste tijden aanhouden. Elke dag een stuk fietsen.",
                "others_do": "Gewoon doen. Af en toe vragen hoe het gaat.",
                "others_dont": "Mij niet steeds controleren.",
            },
            "early_signs": {
                "signals": "Ik slaap slecht, trek me terug en neem de telefoon niet op.",
                "what_i_do": "Mijn zus bellen. Minder werken. Geen koffie na de middag.",
                "others_do": "Rustig vragen wat er is. Samen een wandeling maken.",
                "others_dont": "Niet boos worden als ik niet opneem.",
            },
            "threatening": {
                "signals": "Ik praat snel en veel, ik ben achterdochtig en eet bijna niet.",
                "what_i_do": "De extra medicijn nemen zoals afgesproken. Mijn behandelaar bellen.",
                "others_do": "Mijn behandelaar of de huisarts bellen. Bij mij blijven.",
                "others_dont": "Niet met veel mensen tegelijk komen.",
            },
            "crisis": {
                "signals": "Ik hoor stemmen en ben bang. Ik loop soms de straat op.",
                "what_i_do": "Dit kan ik dan niet meer zelf.",
                "others_do": "De crisisdienst bellen. Rustig en kort praten. Zeg wie je bent.",
                "others_dont": "Mij niet vastpakken. Geen fel licht of harde geluiden.",
            },
            "after": {
                "signals": "Ik ben moe en schaam me.",
                "what_i_do": "Veel slapen. Kleine dingen doen.",
                "others_do": "Zeggen dat het goed is. Helpen met boodschappen.",
                "others_dont": "Niet steeds over de crisis beginnen.",
            },
        },
        "approach": {
            "text": "Praat rustig en gebruik korte zinnen. Zeg eerlijk wat er gaat gebeuren.",
        },
        "contacts": [
            {
                "name": "Anouk (zus)",
                "relationship": "zus",
                "phone": "06 12 34 56 78",
                "trusted": True,
                "do_not_inform": False,
            },
            {
                "name": "Mijn vader",
                "relationship": "vader",
                "phone": "",
                "trusted": False,
                "do_not_inform": True,
            },
        ],
        "care_providers": [
            {"name": "Huisartsenpraktijk De Linde", "role": "huisarts", "phone": "030 123 45 67"},
            {"name": "Crisisdienst GGZ Utrecht", "role": "crisisdienst", "phone": "030 765 43 21"},
        ],
        "medication": [
            {
                "name": "Quetiapine",
                "dose": "100 mg 's avonds",
                "what_to_do": "Blijven geven. Bij onrust mag er 25 mg extra bij.",
            }
        ],
        "helps_harms": {
            "helps": "Rust, een donkere kamer, muziek van vroeger, mijn kat.",
            "harms": "Drukte, veel vragen tegelijk, politie in uniform in huis.",
        },
        "admission": {
            "preferred": "Liefst in De Horst in Utrecht, daar ken ik de mensen.",
            "not_preferred": "Liever niet ver weg, want dan kan mijn zus niet komen.",
            "compulsory_care_wishes": "Als het echt moet: eerst met mij praten, en mijn zus bellen.",
        },
        "practical": {
            "children": "",
            "pets": "Mijn zus zorgt voor mijn kat Moos. Ze heeft een sleutel.",
            "plants": "",
            "mail": "Mijn zus haalt de post op.",
            "finances": "De huur gaat automatisch.",
            "work": "Bel de kringloopwinkel dat ik ziek ben.",
            "keys": "Mijn zus heeft een reservesleutel.",
        },
        "agreements": [],
    }
    texts = {
        "gp": "De huisarts belt mijn zus als ik de afspraak mis en niet opneem.",
        "crisis": "De crisisdienst leest eerst mijn kaart en belt dan mijn zus.",
        "sister": "Mijn zus komt langs als ik drie dagen niet opneem.",
    }
    for key, party in parties.items():
        content["agreements"].append({"party": str(party.uuid), "text": texts[key]})
    return schema.normalise(content)


# The English side of the demo login's card (issue 10: the card in a second language).
ENGLISH_PANELS = {
    "front": {
        "name": "",
        "intro": "I have a crisis card. In a crisis, please read the inside or scan the code.",
    },
    "inside_1": {
        "do": "Call the crisis service. Speak calmly and briefly. Say who you are.",
        "dont": "Do not hold me. No bright light or loud noise.",
    },
    "inside_2": {
        "contacts": "Anouk (sister): 06 12 34 56 78",
        "care": "GP practice De Linde: 030 123 45 67\nCrisis service GGZ Utrecht: 030 765 43 21",
    },
    "back": {
        "medication": "Quetiapine 100 mg in the evening: keep giving it. "
        "If I am restless, 25 mg extra is fine.",
        "admission": "Preferably De Horst in Utrecht.\nNot far away: my sister must be able "
        "to visit.",
    },
}
DEMO_QUESTION = (
    "Mijn zus heeft een nieuw nummer. Moet ik dan een nieuwe kaart laten maken, "
    "of kan het nummer zo worden aangepast?"
)
