"""Issue 11 #10: ID numbers are never kept in clear beyond the preview step. The parsed
upload kept between preview and confirmation is encrypted with the application's key, and
previews are purged after an hour: by the next upload, and now by `flask exchange
purge-previews`."""
import io
import os
import time

from contests.models import Contestant
from tests.exchange.helpers import contestant_rows, count, csv_bytes, id_number, xlsx_bytes

HOUR = 3600


def _upload(client, contest, data, name="报名表.csv"):
    return client.post(f"/organizer/contests/{contest.id}/exchange/import/contestants?lang=en",
                       data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data", follow_redirects=True)


def _stored(folder) -> list:
    return sorted(folder.iterdir()) if folder.exists() else []


def _age(path, seconds):
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_a_stored_preview_holds_no_id_number_in_clear(client, organizer, hotel,
                                                      upload_folder):
    number = id_number()
    page = _upload(client, hotel["contest"], csv_bytes(contestant_rows()))
    assert page.status_code == 200 and "2 to create" in page.get_data(as_text=True)
    files = _stored(upload_folder)
    assert len(files) == 1
    stored = files[0].read_bytes()
    assert number.encode() not in stored
    assert number[:17].encode() not in stored and number[6:14].encode() not in stored
    assert "王喆".encode() not in stored  # the whole parsed table is sealed, not only IDs
    assert number not in page.get_data(as_text=True)
    client.post(page.request.path + "/confirm?lang=en")
    assert count(Contestant) == 2  # the sealed preview still imports
    assert Contestant.query.filter_by(bib="QT01").one().id_number_masked == \
        number[:6] + "*" * 8 + number[-4:]


def test_id_numbers_shown_masked_on_the_mapping_page_and_in_problems(client, organizer,
                                                                     hotel):
    number = id_number()
    wrong = number[:17] + ("1" if number[17] != "1" else "2")  # a typing error
    rows = [["选手号", "姓名", "身份证号", "手机号"], ["QT01", "王喆", number, "138"],
            ["QT02", "李玥", wrong, "139"]]
    page = _upload(client, hotel["contest"], xlsx_bytes(rows))
    text = page.get_data(as_text=True)
    assert "Which column is which?" in text
    assert number not in text and number[:6] + "********" in text
    preview = client.post(f"{page.request.path}/mapping?lang=en",
                          data={"col0": "bib", "col1": "name", "col2": "id_number",
                                "col3": ""}, follow_redirects=True).get_data(as_text=True)
    assert "is not a valid ID number" in preview
    assert wrong not in preview and number not in preview


def test_previews_older_than_an_hour_are_purged_by_the_next_upload(client, organizer, hotel,
                                                                   upload_folder):
    first = _upload(client, hotel["contest"], csv_bytes(contestant_rows()))
    (old,) = _stored(upload_folder)
    _age(old, HOUR + 60)
    expired = client.get(first.request.path + "?lang=en", follow_redirects=True)
    assert "no longer available" in expired.get_data(as_text=True)
    _upload(client, hotel["contest"], csv_bytes(contestant_rows()))
    remaining = _stored(upload_folder)
    assert len(remaining) == 1 and old not in remaining


def test_purge_previews_command(runner, client, organizer, hotel, upload_folder):
    _upload(client, hotel["contest"], csv_bytes(contestant_rows()))
    _upload(client, hotel["contest"], csv_bytes(contestant_rows()))
    old, fresh = _stored(upload_folder)
    _age(old, HOUR + 60)
    result = runner.invoke(args=["exchange", "purge-previews"])
    assert result.exit_code == 0, result.output
    assert "1" in result.output
    assert _stored(upload_folder) == [fresh]
    everything = runner.invoke(args=["exchange", "purge-previews", "--all"])
    assert everything.exit_code == 0, everything.output
    assert _stored(upload_folder) == []
