"""Forms of the marks import: the file, what it marks (a panel or a stage) and the status
its sheets arrive in."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField
from wtforms.validators import InputRequired

from ...vocabularies import label

ARRIVAL = ("submitted", "confirmed")


class MarksUploadForm(FlaskForm):
    target = SelectField(coerce=int, validators=[InputRequired()])
    status = SelectField(_l("The imported sheets arrive"), validators=[InputRequired()],
                         description=_l("Submitted: the chief judge still confirms them. "
                                        "Confirmed: they count in the official results "
                                        "at once."))
    file = FileField(_l("Spreadsheet (.xlsx or .csv)"),
                     validators=[FileRequired(_l("Choose a file to upload."))])

    def __init__(self, *args, targets=(), target_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.target.choices = list(targets)
        self.target.label.text = target_label
        self.status.choices = [(name, label(name, "sheet_status")) for name in ARRIVAL]
