"""Voices: quotations and their speakers on small hand-made articles whose answers are known."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from ingest.config import Actor, Event
from models.corpus import DOCUMENT_COLUMNS, Corpus
from models.evaluation import failures, load_minimums
from models.quotes import QUOTE_COLUMNS, VOICE_COLUMNS, analyse, article_quotes, evaluate

ACTORS = (
    Actor("Sergei Ryabkov", ("Ryabkov", "Sergey Ryabkov")),
    Actor("Nicolás Maduro", ("Maduro", "Nicolas Maduro")),
    Actor("Juan Guaidó", ("Guaidó", "Guaido")),
    Actor("Vladimir Padrino López", ("Padrino López", "Padrino")),
    Actor("Leopoldo López", ("López", "Lopez")),
)


def quotes_of(text: str, actors: tuple[Actor, ...] = ACTORS) -> list[tuple[str, str, str, str]]:
    """(kind, speaker, actor, text) of every quotation found."""
    return [(q.kind, q.speaker, q.actor, q.text) for q in article_quotes(text, actors)]


def only(text: str, actors: tuple[Actor, ...] = ACTORS):
    found = article_quotes(text, actors)
    assert len(found) == 1, found
    return found[0]


def test_speaker_after_the_quote_both_orders():
    assert quotes_of(
        "“We will keep servicing the equipment Venezuela bought,” Ryabkov said on Monday.\n"
        "“The talks will go on as long as they have to,” said Deputy Minister Anna Petrova."
    ) == [
        (
            "direct",
            "Sergei Ryabkov",
            "Sergei Ryabkov",
            "We will keep servicing the equipment Venezuela bought",
        ),
        ("direct", "Anna Petrova", "", "The talks will go on as long as they have to"),
    ]


def test_speaker_before_the_quote():
    quote = only('Maduro told the troops: "The time has come to fight for our country."')
    assert (quote.speaker, quote.actor, quote.kind) == (
        "Nicolás Maduro",
        "Nicolás Maduro",
        "direct",
    )
    assert quote.text == "The time has come to fight for our country."
    assert quote.words == 9


def test_quote_over_several_sentences_is_one_quotation():
    quote = only(
        "“Our cooperation is transparent and lawful. It is about servicing equipment, nothing "
        "more. Nobody should read anything else into it,” Ryabkov told reporters."
    )
    assert quote.actor == "Sergei Ryabkov"
    assert quote.words == 6 + 7 + 7
    assert quote.text.startswith("Our cooperation") and quote.text.endswith("into it")


def test_quote_split_by_its_attribution_is_one_quotation():
    quote = only(
        "“We are going to stay in the streets,” Guaidó said. “The armed forces have seen that "
        "Venezuela wants freedom.”"
    )
    assert quote.actor == "Juan Guaidó"
    assert quote.text == (
        "We are going to stay in the streets … The armed forces have seen that Venezuela wants "
        "freedom."
    )
    assert quote.words == 8 + 9
    assert quote.sentence.startswith("“We are going") and quote.sentence.endswith("freedom.”")


def test_pronoun_goes_to_the_last_fitting_speaker():
    found = quotes_of(
        "Foreign Ministry spokeswoman Maria Zakharova spoke after Ryabkov had briefed the press. "
        "Ryabkov said Russia had no plans to send more servicemen. "
        "“This is a fake, part of an information war,” she said. "
        "“Nobody was preparing to fly anywhere,” he added."
    )
    assert [(kind, speaker) for kind, speaker, _, _ in found] == [
        ("indirect", "Sergei Ryabkov"),
        ("direct", "Maria Zakharova"),  # "she": the man quoted last does not fit
        ("direct", "Sergei Ryabkov"),
    ]


def test_title_description_resolves_to_the_actor():
    found = quotes_of(
        "Deputy Foreign Minister Sergei Ryabkov spoke in Moscow on Monday. Defence Minister "
        "Vladimir Padrino López was in Caracas.\n"
        "“I want to emphasize that it is about equipment that has been provided,” said the "
        "Russian deputy foreign minister.\n"
        "The minister also stressed that the sanctions were failing."
    )
    # Padrino López was named last, but Ryabkov's title fits "deputy foreign minister" best,
    # and "the minister" right after his quote is still him
    assert [(kind, actor) for kind, _, actor, _ in found] == [
        ("direct", "Sergei Ryabkov"),
        ("indirect", "Sergei Ryabkov"),
    ]


def test_generic_description_takes_the_most_recent_fitting_title():
    found = quotes_of(
        "Defence Minister Vladimir Padrino López rejected the claims on Tuesday. "
        "The minister added that the armed forces remained loyal to the constitution."
    )
    assert found == [
        (
            "indirect",
            "Vladimir Padrino López",
            "Vladimir Padrino López",
            "the armed forces remained loyal to the constitution",
        )
    ]


def test_indirect_speech_and_according_to():
    found = quotes_of(
        "Guaidó told reporters that the protests would continue until the usurpation ended. "
        "Several people were injured in the clashes, according to human rights groups. "
        "Ryabkov emphasized that Russian specialists were only servicing equipment."
    )
    assert found == [
        (
            "indirect",
            "Juan Guaidó",
            "Juan Guaidó",
            "the protests would continue until the usurpation ended",
        ),
        ("indirect", "human rights groups", "", "Several people were injured in the clashes"),
        (
            "indirect",
            "Sergei Ryabkov",
            "Sergei Ryabkov",
            "Russian specialists were only servicing equipment",
        ),
    ]


def test_spanish_guillemets_dijo_and_segun():
    found = quotes_of(
        "«Fui liberado por militares que se pusieron del lado de la Constitución», dijo López a "
        "la prensa. Según el Ministerio Público, la investigación sigue abierta. "
        "El ministro de Defensa, Vladimir Padrino López, aseguró que la Fuerza Armada está unida."
    )
    assert found == [
        (
            "direct",
            "Leopoldo López",
            "Leopoldo López",
            "Fui liberado por militares que se pusieron del lado de la Constitución",
        ),
        ("indirect", "el Ministerio Público", "", "la investigación sigue abierta"),
        (
            "indirect",
            "Vladimir Padrino López",
            "Vladimir Padrino López",
            "la Fuerza Armada está unida",
        ),
    ]


def test_spanish_dijo_without_a_subject_takes_the_last_speaker():
    found = quotes_of(
        "La portavoz del Gobierno, Marta Quiroga, defendió la ley. «Es una ley para pasar "
        "página», dijo. «Nadie está por encima de la Constitución»."
    )
    assert found == [
        (
            "direct",
            "Marta Quiroga",
            "",
            "Es una ley para pasar página … Nadie está por encima de la Constitución",
        ),
    ]


def test_scare_quotes_are_not_quotations():
    found = quotes_of(
        "The self-proclaimed “interim president” Juan Guaidó called on the military to rise "
        "against the “regime”. Maduro's ministers mocked the “so-called uprising”."
    )
    assert found == []


def test_short_quote_standing_as_an_utterance_is_kept():
    assert quotes_of("“Never,” Guaidó said.") == [("direct", "Juan Guaidó", "Juan Guaidó", "Never")]


def test_pull_quote_repeating_a_quote_counts_once():
    found = quotes_of(
        "“Washington must understand that there is no military solution,” Ryabkov said.\n"
        "“There is no military solution.”"
    )
    assert len(found) == 1


def test_quote_without_any_speaker_is_left_out():
    assert quotes_of("Signs read “The usurper must go” and “Guaidó is my president.”") == []


def test_reported_speech_without_that_after_more_verbs_and_a_setting():
    assert quotes_of(
        "Councillor Dana Obi argued the budget had left nothing for the libraries.\n"
        "The water board said in a statement it would appeal the ruling.\n"
        "Mayor Ivan Petrov told reporters in Leeds the flood barriers had held overnight."
    ) == [
        ("indirect", "Dana Obi", "", "the budget had left nothing for the libraries"),
        ("indirect", "the water board", "", "it would appeal the ruling"),
        ("indirect", "Ivan Petrov", "", "the flood barriers had held overnight"),
    ]


def test_organisations_speak_as_written():
    assert quotes_of(
        "The Transport Ministry said that two lines would close for repairs in June.\n"
        "A spokeswoman for the Port Authority said the cranes had been idle since Monday.\n"
        "The ferries will run again on Friday, according to the harbour office."
    ) == [
        ("indirect", "the Transport Ministry", "", "two lines would close for repairs in June"),
        (
            "indirect",
            "a spokeswoman for the Port Authority",
            "",
            "the cranes had been idle since Monday",
        ),
        ("indirect", "the harbour office", "", "The ferries will run again on Friday"),
    ]


def test_a_quote_opened_curly_and_closed_straight_is_one_quotation():
    quote = only('“The school will stay open all summer," Mayor Ines Varga said.')
    assert (quote.speaker, quote.text) == ("Ines Varga", "The school will stay open all summer")


def test_a_quote_after_saying_takes_the_clause_subject():
    quote = only("Dana Pike turned down the offer, saying, “Nobody here will sign that paper.”")
    assert (quote.speaker, quote.text) == ("Dana Pike", "Nobody here will sign that paper.")


def test_party_and_state_after_a_name_are_not_the_speaker():
    found = quotes_of(
        "“We will not give up on this bill,” Rep. Tom Hale, R-Iowa, told reporters.\n"
        "“It is a bad deal for the county,” Senator Ann Ortiz, Democrat of Nevada, said."
    )
    assert [speaker for _, speaker, _, _ in found] == ["Tom Hale", "Ann Ortiz"]


def test_a_description_finds_the_person_by_an_abbreviated_title():
    found = quotes_of(
        "Gov. Carl Mendes toured the site on Monday.\n"
        "“The bridge will reopen in May,” the governor said."
    )
    assert found == [("direct", "Carl Mendes", "", "The bridge will reopen in May")]


def test_a_pronoun_skips_people_whose_gender_is_unknown_when_one_fits():
    # "Tovah" is in no list of first names; "she" is the one woman named before
    found = quotes_of(
        "Susan Kemp met Tovah Brandt in the capital on Monday.\n“We agreed on nothing,” she said."
    )
    assert found == [("direct", "Susan Kemp", "", "We agreed on nothing")]


def test_a_pronoun_goes_to_the_speaker_just_quoted_rather_than_a_person_named_since():
    found = quotes_of(
        "“The plant will close,” said Mark Dunn, the owner.\n"
        "Workers gathered outside the gate where Peter Quill had spoken a year before.\n"
        "“There was no other way,” he said."
    )
    assert [speaker for _, speaker, _, _ in found] == ["Mark Dunn", "Mark Dunn"]


def _corpus(documents: list[tuple[str, str, str]]) -> Corpus:
    rows = [
        {
            "url": url,
            "outlet": outlet,
            "title": "",
            "author": "",
            "published": "",
            "sitename": "",
            "language": "en",
            "text": text,
            "words": len(text.split()),
        }
        for url, outlet, text in documents
    ]
    event = Event("test", "Test", Path("test.toml"), actors=ACTORS)
    return Corpus(event, pd.DataFrame(rows, columns=DOCUMENT_COLUMNS))


def test_analyse_tables_and_shares_per_outlet():
    corpus = _corpus(
        [
            (
                "https://a.example/1",
                "Outlet A",
                "“We will keep servicing the equipment,” Ryabkov said. Maduro said that the coup "
                "had failed completely.",
            ),
            (
                "https://a.example/2",
                "Outlet A",
                "“The time has come to fight,” Maduro told the troops.",
            ),
            (
                "https://b.example/1",
                "Outlet B",
                "According to Guaidó, the strikes will start next week in every state.",
            ),
            ("https://b.example/2", "Outlet B", "No one was quoted in this short article."),
        ]
    )
    tables = analyse(corpus)
    quotes, voices = tables["quotes"], tables["voices"]
    assert list(quotes.columns) == QUOTE_COLUMNS and list(voices.columns) == VOICE_COLUMNS
    assert len(quotes) == 4
    assert set(quotes.url) == {"https://a.example/1", "https://a.example/2", "https://b.example/1"}
    assert quotes.words.dtype.kind == "i"
    for _, part in voices.groupby("outlet"):
        assert part.share.sum() == pytest.approx(1, abs=1e-3)
    a = voices[voices.outlet == "Outlet A"].set_index("speaker")
    assert a.loc["Nicolás Maduro", "quotes"] == 2
    assert a.loc["Nicolás Maduro", "words"] == 6 + 5
    assert a.loc["Sergei Ryabkov", "words"] == 6
    assert a.loc["Nicolás Maduro", "share"] == pytest.approx(11 / 17, abs=1e-4)
    assert voices.iloc[0].speaker == "Nicolás Maduro"  # most words first within the outlet


def test_analyse_empty_corpus_keeps_the_columns():
    tables = analyse(_corpus([]))
    assert list(tables["quotes"].columns) == QUOTE_COLUMNS
    assert list(tables["voices"].columns) == VOICE_COLUMNS
    assert tables["quotes"].empty and tables["voices"].empty


def test_evaluation_meets_the_gate():
    minimums = load_minimums()
    names = ("speaker_attribution_accuracy", "quote_recall", "quote_precision")
    assert failures(evaluate(), {n: minimums[n] for n in names}) == []


def test_evaluation_samples_follow_the_schema():
    data = json.loads((Path(__file__).parent.parent / "evaluation" / "quotes.json").read_text())
    passages = data["passages"]
    assert len(passages) >= 25
    assert sum(len(p["quotes"]) for p in passages) >= 60
    spanish = sum(p["language"] == "es" for p in passages)
    assert len(passages) / 4 <= spanish <= len(passages) / 2
    for passage in passages:
        assert set(passage) == {"language", "text", "actors", "quotes"}
        for label in passage["quotes"]:
            assert label["kind"] in ("direct", "indirect")
            assert label["contains"] in passage["text"]
            assert label["actor"] in {"", *(a["name"] for a in passage["actors"])}


def test_evaluate_on_a_given_file(tmp_path):
    path = tmp_path / "samples.json"
    path.write_text(
        json.dumps(
            {
                "passages": [
                    {
                        "language": "en",
                        "text": "“We will win,” said Mayor Ana Ruiz. The council said the vote "
                        "was postponed.",
                        "actors": [{"name": "Ana Ruiz", "aliases": ["Ruiz"]}],
                        "quotes": [
                            {
                                "contains": "We will win",
                                "speaker": "Ana Ruiz",
                                "actor": "Ana Ruiz",
                                "kind": "direct",
                            },
                            {
                                "contains": "was postponed",
                                "speaker": "the mayor's office",
                                "actor": "",
                                "kind": "indirect",
                            },
                        ],
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    figures = evaluate(path)
    assert figures["quote_recall"] == 1.0
    assert figures["speaker_attribution_accuracy"] == 0.5  # "the council" is not the label
    assert figures["quote_precision"] == 1.0


def speakers_of(text: str) -> list[str]:
    return [speaker for _, speaker, _, _ in quotes_of(text, ())]


def test_a_pronoun_goes_to_the_subject_of_the_sentence_just_before_over_an_earlier_speaker():
    assert speakers_of(
        "“We will rebuild the market hall,” said Tom Reyes, the mayor.\n\n"
        "Paul Ortega, 52, runs a bakery on the square. “Nobody asked us,” he said."
    ) == ["Tom Reyes", "Paul Ortega"]


def test_a_pronoun_goes_to_the_one_named_just_before_when_that_sentence_has_no_subject_who_fits():
    assert speakers_of(
        "“The budget is balanced,” said Tom Reyes, the mayor.\n\n"
        "Council members met on Tuesday.\n\n"
        "The plan drew a sharp reply from Alan Brooks of the taxpayers' league.\n\n"
        "“It is not balanced at all,” he said."
    ) == ["Tom Reyes", "Alan Brooks"]


def test_a_name_in_the_possessive_just_before_leaves_the_speaker_in_view():
    assert speakers_of(
        "“The budget is balanced,” said Tom Reyes, the mayor.\n\n"
        "The council voted down Alan Brooks's amendment.\n\n"
        "“We will try again next year,” he said."
    ) == ["Tom Reyes", "Tom Reyes"]


def test_a_pronoun_with_no_subject_or_speaker_before_it_goes_to_the_last_person_named():
    found = quotes_of(
        "Records released on Friday show efforts by the agency's spokeswoman, Noor Haddad, to "
        "delay the report.\n\nAccording to the records, she argued that the agency should "
        "wait for the audit before saying anything.",
        (),
    )
    assert [(kind, speaker) for kind, speaker, _, _ in found] == [("indirect", "Noor Haddad")]


def test_a_titled_surname_opening_a_sentence_is_its_subject():
    # the dot of "Mr." is part of the title: "Mr. Hale" opens the sentence as its subject
    assert (
        speakers_of(
            "“We lost the count,” said Victor Crane.\n\n"
            "Earlier, Mr. Hale spent the night with his supporters in a school gym downtown, and "
            "Mr. Crane went home.\n\n“It was a fair fight,” he said."
        )[1]
        == "Hale"
    )


def test_a_name_before_the_place_it_is_from_is_a_person_named_in_full():
    assert speakers_of(
        "Sen. Ann Ortiz of Nevada opened the hearing on Monday.\n\n"
        "“We need answers from the agency,” Ms. Ortiz said."
    ) == ["Ann Ortiz"]


def test_a_description_as_a_woman_or_a_man_gives_the_gender():
    from models.quotes.people import gender_of

    assert gender_of({"one", "of", "the", "women"}, ("dana", "obi")) == "f"
    assert gender_of({"a", "man"}, ("kim", "obi")) == "m"
    assert speakers_of(
        "“Relief is on the way,” Ms. Lane said.\n\n"
        "“We were never warned,” said one of the women, Dana Obi. Her brother was hurt.\n\n"
        "“He should not have been driving,” she said."
    ) == ["Lane", "Dana Obi", "Dana Obi"]


def test_someone_described_by_their_tie_to_a_titled_person_is_the_speaker_not_that_person():
    assert speakers_of(
        "Mr. Talbot was charged on Monday.\n\n"
        "“The charges are baseless,” said a lawyer for Mr. Talbot.\n\n"
        "“We will appeal,” said a spokeswoman for the county court.\n\n"
        "Allies of Sen. Ruth Ames said she would not resign."
    ) == [
        "a lawyer for Mr. Talbot",
        "a spokeswoman for the county court",
        "Allies of Sen. Ruth Ames",
    ]


def test_a_middle_initial_does_not_cut_the_name_short():
    assert speakers_of(
        "“The fence held,” said Police Chief Marta K. Lindqvist.\n\n"
        "Judges Ann Lowe and Samuel A. Brandt Jr. said they had doubts about the case."
    ) == ["Marta K. Lindqvist", "Judges Ann Lowe and Samuel A. Brandt Jr."]


def test_said_then_a_subject_pronoun_opens_a_reported_clause():
    found = quotes_of(
        "“We are safe now,” said Tom Reyes, the mayor.\n\n"
        "Joe Park, 47, lives near the school. He said he heard sirens for an hour.\n\n"
        "“I could not sleep,” he said.",
        (),
    )
    assert [(kind, speaker) for kind, speaker, _, _ in found] == [
        ("direct", "Tom Reyes"),
        ("indirect", "Joe Park"),
        ("direct", "Joe Park"),
    ]
    assert found[1][3] == "he heard sirens for an hour"


def test_the_one_a_relative_who_stands_for_is_the_speaker():
    found = quotes_of(
        "The plan drew the ire of Judge Ann Lowe, who said it ignored the law entirely.\n\n"
        "It was a setback for the director of the museum, who said the rules had changed.",
        (),
    )
    assert [(kind, speaker) for kind, speaker, _, _ in found] == [
        ("indirect", "Ann Lowe"),
        ("indirect", "the director of the museum"),
    ]


def test_a_description_goes_back_to_a_body_only_when_all_its_words_fit():
    assert speakers_of(
        "“We will cut the tax,” said a spokesman for the Lane campaign.\n\n"
        "“That plan does not add up,” the Ortiz campaign said.\n\n"
        "“The bridge is open,” the Transport Ministry said. “It is safe,” the ministry added."
    ) == [
        "a spokesman for the Lane campaign",
        "the Ortiz campaign",
        "the Transport Ministry",
        "the Transport Ministry",
    ]


def test_a_description_of_someone_of_another_titled_person_is_kept_as_written():
    assert speakers_of(
        "“Costs are rising,” said Ada Rios, the council's budget director.\n\n"
        "But the governor's budget director said the state would cover them."
    ) == ["Ada Rios", "the governor's budget director"]


def test_a_bodys_name_runs_over_its_for():
    assert speakers_of(
        "“This is a betrayal of every voter,” said Parents for Clean Rivers, a local group."
    ) == ["Parents for Clean Rivers"]


def test_a_description_that_is_no_office_means_the_person_in_view():
    assert speakers_of(
        "Rep. Tom Hale spoke for an hour on Monday.\n\n"
        "“We will not back down,” the Iowa Republican said.\n\n"
        "Asked about his age, the 72-year-old said he felt fine."
    ) == ["Tom Hale", "Tom Hale"]


def test_a_role_after_a_bodys_name_describes_the_person_who_holds_it():
    assert speakers_of(
        "“The talks went well,” said Ana Ruiz, the City Hall press secretary.\n\n"
        "“We expect a deal soon,” the City Hall press secretary added."
    ) == ["Ana Ruiz", "Ana Ruiz"]


def test_people_close_to_someone_are_the_source_not_that_person():
    assert speakers_of(
        "Mayor Tom Hale has not decided. But some close to the mayor say he will run again."
    ) == ["some close to the mayor"]


def test_an_aside_with_the_verb_first_names_its_speaker_after_the_verb():
    assert speakers_of(
        "The plan, said Ann Lowe, the mayor, was “a waste of money from start to finish.”"
    ) == ["Ann Lowe"]


def test_the_first_pronoun_after_a_name_gives_the_gender_when_nothing_else_does():
    # "Noor" gives no gender; "her" after Noor Obi's name does
    assert speakers_of(
        "“We will reopen on Monday,” Ms. Lane said.\n\n"
        "Noor Obi, 47, lost her shop in the fire.\n\n"
        "“I have nothing left,” she said."
    ) == ["Lane", "Noor Obi"]


def test_a_plural_title_does_not_end_a_sentence_for_the_quote_rules():
    assert speakers_of(
        "“The vote is fixed,” said Victor Crane.\n\n"
        "Mr. Kell wrote to Sens. Tom Hale and Ann Ortiz that he would resign.\n\n"
        "“I have no other choice,” he said."
    ) == ["Victor Crane", "Kell", "Kell"]


def test_a_statement_speaks_for_whoever_issued_it():
    assert speakers_of(
        "Ann Ortiz, the park director, said in a statement on Friday that the gates would "
        "stay shut.\n\n“We will reopen when the river is safe,” the statement said.\n\n"
        "“We regret the delay,” said the letter from her deputy, Tom Hale."
    ) == ["Ann Ortiz", "Ann Ortiz", "Tom Hale"]


def test_a_day_or_an_adverb_is_no_part_of_a_speakers_name():
    assert speakers_of(
        "The old dam held through the night, according to a county statement released Thursday."
        "\n\n"
        "Ohio and Iowa likewise announced that they would send engineers to the site."
    ) == ["a county statement released Thursday", "Ohio and Iowa"]


def test_a_speaker_after_a_quote_may_come_with_a_long_appositive():
    assert speakers_of(
        "“The river is rising fast,” Ana Ruiz, the director of the regional flood control "
        "office in the northern valley, said on Monday."
    ) == ["Ana Ruiz"]


def test_a_quote_after_a_long_attribution_in_the_same_paragraph_keeps_its_speaker():
    found = quotes_of(
        "“We saw the water come in,” said Ana Ruiz in an interview on the evening news, "
        "according to the regional station. “Then the lights went out.”",
        (),
    )
    assert [(speaker, text) for _, speaker, _, text in found] == [
        ("Ana Ruiz", "We saw the water come in"),
        ("Ana Ruiz", "Then the lights went out."),
    ]


def test_a_quote_paragraph_after_reported_speech_is_that_speakers():
    found = quotes_of(
        "Ana Ruiz said the dam would hold through the storm.\n\n“It was built to last a century.”",
        (),
    )
    assert [(kind, speaker) for kind, speaker, _, _ in found] == [
        ("indirect", "Ana Ruiz"),
        ("direct", "Ana Ruiz"),
    ]


def test_common_first_names_give_the_gender():
    from models.quotes.people import gender_of

    assert gender_of(set(), ("jay", "park")) == "m"
    assert gender_of(set(), ("meredith", "park")) == "f"


def test_a_title_stands_for_the_roles_its_role_stands_for():
    # "Sen." is a senator, and a senator is a lawmaker
    assert speakers_of(
        "Sen. Ann Ortiz opened the hearing.\n\n“We need answers,” the lawmaker said."
    ) == ["Ann Ortiz"]


def test_he_or_she_opening_the_reported_clause_tells_who_a_surname_is():
    # "Kell said he…": a man, not the Nora Kell named before; and a person, not a place
    assert speakers_of(
        "Nora Kell opened the clinic in May.\n\n"
        "Kell said that he would not close it.\n\n"
        "“It stays open,” he said."
    ) == ["Kell", "Kell"]


def test_a_speaker_before_the_verb_may_carry_an_age_an_aside_or_a_party_in_brackets():
    assert speakers_of(
        "“We lost the barn,” Jay Roberts, 60, said on Monday.\n\n"
        "“The river rose in an hour,” Ann Lowe, a farmer from the valley, said.\n\n"
        "“Help is coming,” Sen. Ruth Ames (D-Ore.) told reporters.\n\n"
        "Rep. Tom Hale (R-Iowa) said that the levee would be rebuilt by spring."
    ) == ["Jay Roberts", "Ann Lowe", "Ruth Ames", "Tom Hale"]


def test_a_sentence_leading_into_a_quote_with_a_colon_gives_it_to_its_subject():
    assert speakers_of(
        "Jay Roberts put it bluntly: “We lost everything in the flood last night.”\n\n"
        "Ann Lowe said in a statement that the dam would hold. The statement read: “The dam "
        "was built to last a century.”\n\n"
        "The results were clear: “Nine of ten homes were flooded on the east side.”"
    ) == ["Jay Roberts", "Ann Lowe", "Ann Lowe"]


def test_a_time_phrase_between_the_speaker_and_the_verb_is_skipped():
    assert speakers_of(
        "CARSON CITY — Gov. Ann Ortiz of Nevada on Tuesday said the state would appeal.\n\n"
        "Tom Hale last week said “there is nothing left to appeal in this case.”"
    ) == ["Ann Ortiz", "Tom Hale"]


def test_a_quote_sentence_right_after_a_sentence_about_one_person_is_theirs():
    assert speakers_of(
        "Jay Roberts was blunt. “We lost everything in the flood last night.”\n\n"
        "The meeting at the town hall ended late.\n\n“Nothing will be the same.”"
    ) == ["Jay Roberts"]


def test_reported_speech_told_to_a_named_outlet_and_denials():
    found = quotes_of(
        "The bridge will reopen in May, Ann Lowe told The Valley Courier on Monday.\n\n"
        "Tom Hale told Channel Five News the repairs had cost twice the estimate.\n\n"
        "Ruth Ames over the weekend denied that she had approved the contract.",
        (),
    )
    assert [(kind, speaker) for kind, speaker, _, _ in found] == [
        ("indirect", "Ann Lowe"),
        ("indirect", "Tom Hale"),
        ("indirect", "Ruth Ames"),
    ]


def test_an_attribution_set_off_by_commas_inside_the_sentence_reports_it():
    found = quotes_of(
        "The bridge, Ann Lowe said on Monday, will reopen in May after the repairs.", ()
    )
    assert [(kind, speaker) for kind, speaker, _, _ in found] == [("indirect", "Ann Lowe")]
    assert found[0][3].startswith("The bridge, Ann Lowe said")


def test_a_word_or_two_a_named_person_is_quoted_as_calling_something_is_their_quote():
    found = quotes_of(
        "Two states will sue over what Gov. Ann Ortiz of Nevada called the plan's “vanity "
        "project,” officials said.\n\n"
        "Critics called it a “disaster” on Monday, and the agency described it as a “test”.",
        (),
    )
    assert [(kind, speaker) for kind, speaker, _, _ in found] == [
        ("indirect", "officials"),
        ("direct", "Ann Ortiz"),
    ]
    assert found[1][3] == "vanity project"
    assert found[0][3].startswith("Two states will sue over what Gov. Ann Ortiz")


def kinds_and_speakers(text: str) -> list[tuple[str, str]]:
    return [(kind, speaker) for kind, speaker, _, _ in quotes_of(text, ())]


def test_a_party_and_a_state_written_with_dots_are_an_aside():
    assert kinds_and_speakers(
        "Rep. Ann Lowe met the council.\n\n"
        "Lowe, D-N.Y., concluded, “It was the council that cut the funds, not me.”\n\n"
        "“We will win this fight,” said Rep. Tom Hale, R-N.C., on Monday."
    ) == [("direct", "Ann Lowe"), ("direct", "Tom Hale")]


def test_warned_cautioned_and_admitted_take_a_clause_without_that():
    assert kinds_and_speakers(
        "Sen. Tom Hale met the council.\n\n"
        "Hale warned the vote could slip into next year.\n\n"
        "Hale cautioned residents to stay indoors.\n\n"
        "Hale admitted he had not read the report before the vote."
    ) == [("indirect", "Tom Hale"), ("indirect", "Tom Hale")]


def test_the_subject_of_a_clause_after_said_is_no_speaker_of_the_quote_before():
    # a programme's title in quotation marks, then "said X was": X is reported, not speaking
    assert kinds_and_speakers(
        "Sen. Ann Gill, who spoke on “The Evening Show with Tom Kay,” said the offer was a "
        "“bad deal.”\n\n“We will win,” said Ann Gill, who was in Ohio."
    ) == [("direct", "Ann Gill")]


def test_a_surname_named_in_full_before_may_call_something_a_word_or_two():
    found = quotes_of(
        "House Speaker Nancy Pell spoke first.\n\n"
        "Before the mayor made his announcement, Pell had called his plan “a non-starter.”\n\n"
        "“For one thing, this proposal does not include the solution the city needs.”\n\n"
        "Ohio called the plan “a disaster.”",
        (),
    )
    assert [(speaker, text[:12]) for _, speaker, _, text in found] == [
        ("Nancy Pell", "a non-starte"),
        ("Nancy Pell", "For one thin"),
    ]


def test_a_phrase_quoted_before_its_whole_statement_gives_the_statement_its_speaker():
    found = quotes_of(
        "The plan drew scorn.\n\n"
        "For his part, Tom Reyes, the Senate minority leader, called the proposal “one-sided "
        "and weak.”\n\n"
        "“It is clear the mayor knows he has hurt families. He keeps putting forward one-sided "
        "and weak remedies.”\n\n“We will not stop,” said Ann Cole.",
        (),
    )
    assert [(speaker, text[:11]) for _, speaker, _, text in found] == [
        ("Tom Reyes", "It is clear"),  # the phrase itself is counted once, in the statement
        ("Ann Cole", "We will not"),
    ]


def test_a_quote_paragraph_after_a_sentence_opened_by_he_or_she_is_that_persons():
    assert kinds_and_speakers(
        "Then there was Sen. Bob Lane's response. He bluntly accused the mayor of forcing "
        "“a pointless closure” on the town.\n\n"
        "“This is about 800 families held hostage by a mayor who has forced a pointless "
        "closure.”\n\nLane said the mayor was wrong about the budget."
    ) == [("direct", "Bob Lane"), ("indirect", "Bob Lane")]


def test_a_conjoined_verb_shares_the_subject_of_the_first_verb():
    assert kinds_and_speakers(
        "WASHINGTON — Two days after halting the plan, President Tom Hale called the hunt a "
        "“horror show” and said he is unlikely to change his mind.\n\n"
        "Right now, only one senator faces a primary: Senator Dana Fell of Ohio, who voted "
        "against the deal and complained privately that she had been asked to vote twice.\n\n"
        "The writers acknowledge that the rule is old but say it is “not a free pass to tear "
        "down the state” and needs care."
    ) == [
        ("direct", "Tom Hale"),
        ("indirect", "Tom Hale"),
        ("indirect", "Dana Fell"),
        ("direct", "the writers"),
    ]


def test_adjectives_in_ed_and_ing_and_a_verb_after_a_modal():
    assert kinds_and_speakers(
        "The nation's leading advocate for farmers says that it has not changed its view.\n\n"
        "The stance could provide added support to members who have sought to cut the fund."
    ) == [("indirect", "the nation's leading advocate for farmers")]


def test_an_inverted_verb_needs_someone_who_can_speak_after_it():
    assert kinds_and_speakers(
        "The senator has moved to the left since Kevin Lee, the head of the state party, "
        "announced his challenge to her in October.\n\n"
        "The rules were never followed, said people who worked there."
    ) == [("indirect", "people")]


def test_a_title_in_quotation_marks_inside_a_sentence_is_no_quotation():
    found = quotes_of(
        "“Well, I do not see how that is possible,” Mr. Paul said on the CNN program “State "
        "of the Union.”\n\nAsked on “Face the Nation,” Mr. Lane said the plan was dead.",
        (),
    )
    assert [(speaker, text) for _, speaker, _, text in found] == [
        ("Paul", "Well, I do not see how that is possible"),
        ("Lane", "the plan was dead"),
    ]


def test_a_spokesperson_speaks_as_written_and_counts_for_the_one_they_speak_for():
    found = quotes_of(
        "Secretary of State Mark Dunn flew to Cairo.\n\n"
        "Dunn's spokesman said the trip had been planned for weeks.\n\n"
        "A spokeswoman for Dunn said the secretary would travel to Oslo on Friday.\n\n"
        "This came after Dunn's account posted on Saturday: “I will go to Oslo and stay.”",
        (Actor("Mark Dunn", ("Dunn",)),),
    )
    assert [(speaker, actor) for _, speaker, actor, _ in found] == [
        ("Dunn's spokesman", "Mark Dunn"),
        ("a spokeswoman for Dunn", "Mark Dunn"),
        ("Mark Dunn", "Mark Dunn"),  # an account posts in its owner's own name
    ]


def test_a_participle_after_a_relative_clause_belongs_to_the_main_clause():
    assert kinds_and_speakers(
        "The mayor's lawyer Jon Dale later said he was the one who wrote that post, saying he "
        "“did not mean to break news.”"
    )[-1] == ("direct", "Jon Dale")


def test_the_official_goes_back_to_the_unnamed_official_just_introduced():
    assert kinds_and_speakers(
        "Mayor Jon Cowan spoke for the city.\n\n"
        "“The council has a history of division,” one union official said.\n\n"
        "The official said that he and other opponents had been told nothing had changed.\n\n"
        "A spokesman for the mayor said the talks would resume next week in Oslo.\n\n"
        "“The longer we wait,” the mayor said, “the harder it gets.”"
    ) == [
        ("direct", "one union official"),
        ("indirect", "one union official"),
        ("indirect", "a spokesman for the mayor"),  # whom he serves is not who "the mayor" is
        ("direct", "Jon Cowan"),
    ]


def test_an_aide_to_a_body_with_a_long_name_and_a_clause_begun_before_its_that():
    assert quotes_of(
        "An aide to the Republican-led House Ways and Means Committee, who spoke on condition "
        "of anonymity, said the position was a welcome sign that the fund must change.\n\n"
        "“The longer we wait,” the aide said, “the harder it will be.”",
        (),
    ) == [
        (
            "indirect",
            "an aide to the Republican-led House Ways and Means Committee",
            "",
            "the position was a welcome sign that the fund must change",
        ),
        (
            "direct",
            "an aide to the Republican-led House Ways and Means Committee",
            "",
            "The longer we wait … the harder it will be.",
        ),
    ]


def test_a_name_before_a_body_word_is_the_bodys_and_he_after_a_dated_verb_names_a_person():
    assert kinds_and_speakers(
        "“Stay strong,” tweeted a chapter of the Resist Hale movement.\n\n"
        "Hale tweeted on Tuesday that he was not sure it would happen.\n\n"
        "“Nobody knows for sure that the two sides will reach a deal,” he said.\n\n"
        "Moscow said on Monday it would reply."
    ) == [
        ("direct", "a chapter of the Resist Hale movement"),
        ("indirect", "Hale"),
        ("direct", "Hale"),
        ("indirect", "Moscow"),
    ]


def test_a_document_states_its_words_and_states_after_anything_else_is_a_noun():
    assert kinds_and_speakers(
        "A group of 90 professors has sent Ryan a letter.\n\n"
        "“We appreciate your willingness to talk,” the letter states. “However, we would be "
        "remiss if we did not challenge your budget.”\n\n"
        "Senator Byron Dorn said Democrats from the more rural states that make up the map "
        "would rather fight over other issues."
    ) == [("direct", "the letter"), ("indirect", "Byron Dorn")]


def test_tweeted_takes_a_bare_clause_and_hes_tells_a_person():
    assert kinds_and_speakers(
        "Crowds gathered outside the Senate.\n\n"
        "Hale tweeted Tuesday he's not sure it will happen.\n\n"
        "“Nobody knows for sure that the two sides will be able to reach a deal,” he said."
    ) == [("indirect", "Hale"), ("direct", "Hale")]


def test_a_surname_that_is_also_an_adverb_speaks_when_capitalised():
    assert kinds_and_speakers(
        "Senator David Long met the press.\n\n"
        "“The new law does not discriminate,” Long said. “And it will not be allowed.”\n\n"
        "The mayor and the council have long claimed that the budget has nothing to do with it."
    ) == [("direct", "David Long"), ("indirect", "the council")]


def test_a_quote_opened_by_a_pronoun_is_speech_not_a_title():
    assert kinds_and_speakers(
        "“I am a New Yorker,” Bloomberg said, “and New Yorkers know a con when we see one.”"
    ) == [("direct", "Bloomberg")]


def test_he_after_a_sentence_naming_someone_in_the_possessive_is_that_person():
    assert kinds_and_speakers(
        "“The president must reopen the government,” said Rep. Sam Hart.\n\n"
        "Then there was Sen. Bob Lane's response. He bluntly accused the president of forcing "
        "“a pointless closure” on the country.\n\n"
        "“This is about 800 families held hostage by a president who has forced a pointless "
        "closure.”"
    ) == [("direct", "Sam Hart"), ("direct", "Bob Lane")]


def test_more_forms_of_attribution_around_a_quote():
    assert quotes_of(
        "Mayor Ann Ortiz spoke on Monday.\n\n"
        "“We will rebuild the market hall before winter,” according to Ortiz.\n\n"
        "“The budget is balanced and the city is safe,” read a statement from the city hall.\n\n"
        "“We are not going anywhere,” the statement from Ortiz read.\n\n"
        "Ortiz described the new ad from her rival on the subject as “dishonest and "
        "hypocritical,” citing his own plan.\n\n"
        "Ortiz dismissed the plan as “a gimmick.”\n\n"
        "Ortiz, speaking to reporters, said: “It is over.”\n\n"
        "In a statement, Ortiz said, “We will appeal.”\n\n"
        "Asked whether she would resign, Ortiz replied: “Never.”",
        (),
    ) == [
        ("direct", "Ann Ortiz", "", "We will rebuild the market hall before winter"),
        (
            "direct",
            "a statement from the city hall",
            "",
            "The budget is balanced and the city is safe",
        ),
        ("direct", "Ann Ortiz", "", "We are not going anywhere"),
        ("direct", "Ann Ortiz", "", "dishonest and hypocritical"),
        ("direct", "Ann Ortiz", "", "a gimmick."),
        ("direct", "Ann Ortiz", "", "It is over."),
        ("direct", "Ann Ortiz", "", "We will appeal."),
        ("direct", "Ann Ortiz", "", "Never."),
    ]


def test_according_to_after_a_partial_quote_names_the_source_of_the_report():
    assert kinds_and_speakers(
        "In January, Gov. Ann Ortiz asserted that she had “the absolute right to declare an "
        "emergency,” according to the station."
    ) == [("direct", "Ann Ortiz")]


def test_he_after_a_leading_clause_is_the_person_it_names():
    assert kinds_and_speakers(
        "Deputy director Michael Moore wrote the memo.\n\n"
        "But when the final draft was sent to Mr. Peters, he dismissed it, saying “Frankly, I "
        "would just as soon not use this,” adding that it would not do."
    ) == [("direct", "Peters")]


def test_a_quote_carried_over_paragraphs_without_a_new_opening_mark_is_one_quote():
    found = quotes_of(
        "The case began when store worker Betty Dukes said she was passed over.\n\n"
        "On Tuesday, Dukes walked out of the courthouse, saying she feels no anger. “The "
        "company may be big and that is no doubt.\n\n"
        "But it is not big enough where it cannot be challenged in a court of law.”\n\n"
        "Sen. Tom Hale tweeted Saturday: “I had to fire the chief because he lied to the board."
        "\n\nHe has pled guilty to those lies.\n\nThere was nothing to hide!”\n\n"
        "That tweet caused problems. “We will see,” an aide said.\n\nThe talks went on.",
        (),
    )
    assert [(speaker, text.count(" … ")) for _, speaker, _, text in found] == [
        ("Betty Dukes", 0),
        ("Betty Dukes", 1),
        ("Tom Hale", 2),
        ("an aide", 0),
    ]


def test_a_few_words_a_named_person_accuses_or_warns_with_are_their_quote():
    assert quotes_of(
        "Sen. Bob Lane spoke after the vote. He accused the mayor of forcing “a pointless "
        "closure” on the town.\n\n"
        "Critics accused the council of “a cover-up” on Monday.",
        (),
    ) == [("direct", "Bob Lane", "", "a pointless closure")]


def test_speaker_before_a_relative_clause_is_the_one_who_speaks():
    # the phrase right before the verb belongs to "who …"; the speaker is the one "who" means
    said = [
        ("A woman who runs a bakery downtown said the county never warned anyone.", "a woman"),
        ("The nurse who treated him said the wounds were deep.", "the nurse"),
        ("Officials who spoke on condition of anonymity said the talks had stalled.", "officials"),
        ("The lawyer who represents Juan Guaidó said the case was weak.", "the lawyer"),
        (
            "One Facebook user who lives in Ohio posted: “Nobody told us anything.”",
            "One Facebook user",
        ),
    ]
    for text, speaker in said:
        assert only(text).speaker == speaker, text
    # the lawyer's words are not the client's
    assert only(said[3][0]).actor == ""
    # a relative clause set off by commas was already read this way, and stays so
    assert only("Juan Guaidó, who leads the assembly, said the vote would go ahead.").actor == (
        "Juan Guaidó"
    )
