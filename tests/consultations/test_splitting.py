from wspolpraca.consultations.splitting import split_units

from .factories import DRAFT_TEXT


def labels(text):
    return [(unit.kind, unit.label, unit.text) for unit in split_units(text)]


def test_paragraphs_sections_points_and_letters():
    units = labels(DRAFT_TEXT)
    assert units[0][0] == "text"
    assert units[0][2].startswith("Uchwała Nr")
    assert "w sprawie Programu" in units[0][2]  # a line that opens no unit continues the previous one
    assert units[1:] == [
        ("paragraph", "§ 1", ""),
        ("section", "§ 1 ust. 1", "Uchwala się Program współpracy na rok 2027."),
        ("section", "§ 1 ust. 2", "Program stanowi załącznik do uchwały."),
        ("paragraph", "§ 2", "Celami szczegółowymi Programu są:"),
        ("point", "§ 2 pkt 1", "wzmacnianie potencjału organizacji;"),
        ("point", "§ 2 pkt 2", "zlecanie zadań publicznych w zakresie:"),
        ("letter", "§ 2 pkt 2 lit. a", "kultury,"),
        ("letter", "§ 2 pkt 2 lit. b", "sportu."),
        ("paragraph", "§ 3", "Wykonanie uchwały powierza się Prezydentowi Miasta Płocka."),
    ]


def test_depths_and_a_new_paragraph_resets_the_path():
    units = split_units("§ 1. 1. A\n2) b\n§ 2. 1. C\n§ 3a. D")
    assert [(u.label, u.depth) for u in units] == [
        ("§ 1", 0),
        ("§ 1 ust. 1", 1),
        ("§ 1 ust. 1 pkt 2", 2),
        ("§ 2", 0),
        ("§ 2 ust. 1", 1),
        ("§ 3a", 0),
    ]


def test_windows_line_ends_blank_lines_and_spaces():
    units = split_units("§1.   Tekst   z  odstępami\r\n\r\n  ciąg dalszy\r\n")
    assert [(u.label, u.text) for u in units] == [("§ 1", "Tekst z odstępami\nciąg dalszy")]


def test_text_without_units_is_one_unit_and_empty_text_none():
    assert [(u.kind, u.text) for u in split_units("Strategia rozwoju.\nCzęść druga.")] == [
        ("text", "Strategia rozwoju.\nCzęść druga.")
    ]
    assert split_units("  \n ") == []
