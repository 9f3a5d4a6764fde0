"""Labels and registries of configuration names, borrowed from organizer/choices.py on
use: the organizer blueprint imports this package, so importing it at load time would
make a cycle."""


def label(name: str):
    from ..organizer.choices import label as choice_label

    return choice_label(name)


def choice_sets() -> dict:
    from ..organizer.choices import choice_sets as sets

    return sets()
