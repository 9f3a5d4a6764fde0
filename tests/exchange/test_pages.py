"""The organizer's pages: upload → (map columns) → preview → confirm."""
import io
import os
import re

from contests.models import AuditEntry, Contestant, Entry, User
from tests.exchange.helpers import contestant_rows, count, csv_bytes, xlsx_bytes


def _upload(client, contest, kind, data, name="报名表.csv", follow=True):
    return client.post(f"/organizer/contests/{contest.id}/exchange/import/{kind}?lang=en",
                       data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data", follow_redirects=follow)


def _token(response) -> str:
    return re.search(r"/import/\w+/([\w-]{32})", response.request.path).group(1)


def test_upload_preview_confirm(client, organizer, hotel, upload_folder):
    contest = hotel["contest"]
    page = _upload(client, contest, "contestants", csv_bytes(contestant_rows(), "gbk"))
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "2 to create" in text and "3 to create" in text  # contestants, entries
    assert "new entry: 前厅服务 · 全国总决赛" in text
    assert "Preview of “报名表.csv”" in text and "CSV (gb18030)" in text
    assert count(Contestant) == 0  # a preview writes nothing
    token = _token(page)
    url = f"/organizer/contests/{contest.id}/exchange/import/contestants/{token}"
    done = client.post(f"{url}/confirm?lang=en").get_data(as_text=True)
    assert "2 created" in done and "3 created" in done
    assert (count(Contestant), count(Entry)) == (2, 3)
    assert os.listdir(upload_folder) == []  # the parsed upload is gone once imported
    again = client.get(url + "?lang=en", follow_redirects=True).get_data(as_text=True)
    assert "no longer available" in again


def test_problems_listed_and_confirm_refused(client, organizer, hotel):
    rows = contestant_rows() + [["QT09", "张堃", "", "", "广东省代表队", "123", "插花", "", ""]]
    page = _upload(client, hotel["contest"], "contestants", xlsx_bytes(rows), "form.xlsx")
    text = page.get_data(as_text=True)
    assert "3 problems" in text
    assert "There is no delegation “广东省代表队” in this contest" in text
    assert "<td>5</td><td>G (项目)</td>" in text
    assert "Import: apply all these changes" not in text
    client.post(page.request.path + "/confirm")
    assert count(Contestant) == 0


def test_unreadable_upload_refused_and_not_kept(client, organizer, hotel, upload_folder):
    page = _upload(client, hotel["contest"], "contestants", b"%PDF-1.4 ...", "报名表.csv")
    text = page.get_data(as_text=True)
    assert "The file was not imported: This is not a spreadsheet (.xlsx or .csv) but a PDF " \
           "document." in text
    assert not upload_folder.exists() or os.listdir(upload_folder) == []


def test_too_large_upload_refused_with_a_clear_message(client, organizer, hotel):
    page = _upload(client, hotel["contest"], "contestants", b"a,b\n" * (3 * 1024 * 1024),
                   follow=False)
    assert page.status_code == 413
    assert "The file is larger than 10 MiB." in page.get_data(as_text=True)
    assert count(Contestant) == 0


def test_unknown_header_goes_through_mapping(client, organizer, hotel):
    rows = [["选手号", "姓名", "手机号"], ["QT01", "王喆", "13800000000"]]
    page = _upload(client, hotel["contest"], "contestants", csv_bytes(rows))
    text = page.get_data(as_text=True)
    assert "Which column is which?" in text and "手机号" in text
    url = page.request.path
    twice = client.post(f"{url}/mapping?lang=en", data={"col0": "name", "col1": "name"})
    assert "“Name” is chosen for two columns." in twice.get_data(as_text=True)
    missing = client.post(f"{url}/mapping?lang=en", data={"col1": "name"})
    assert "Choose the column that holds “Bib number”." in missing.get_data(as_text=True)
    preview = client.post(f"{url}/mapping?lang=en", data={"col0": "bib", "col1": "name",
                                                           "col2": ""}, follow_redirects=True)
    assert "1 to create" in preview.get_data(as_text=True)
    client.post(f"{url}/confirm")
    assert Contestant.query.one().bib == "QT01"


def test_upload_of_another_contest_is_not_reachable(client, organizer, hotel, build):
    page = _upload(client, hotel["contest"], "contestants", csv_bytes(contestant_rows()))
    other = build.contest()
    url = page.request.path.replace(f"/contests/{hotel['contest'].id}/",
                                    f"/contests/{other.id}/")
    assert client.get(url).status_code == 302
    assert client.post(url + "/confirm").status_code == 302
    assert count(Contestant) == 0


def test_judges_get_a_password_shown_once(client, organizer, hotel):
    rows = [["用户名", "姓名", "单位", "角色", "密码"],
            ["judge-lin", "林玥", "上海旅游高等专科学校", "裁判", ""],
            ["judge-feng", "冯振昇", "武汉商学院", "裁判长", "a-secret-pass"]]
    page = _upload(client, hotel["contest"], "judges", csv_bytes(rows))
    assert "a random password will be shown once" in page.get_data(as_text=True)
    done = client.post(page.request.path + "/confirm?lang=en").get_data(as_text=True)
    password = re.search(r"<td>judge-lin</td><td><code>([^<]+)</code>", done).group(1)
    assert "judge-feng" not in done.split("Passwords of the new accounts")[1]
    lin = User.query.filter_by(username="judge-lin").one()
    assert (lin.role, lin.display_name) == ("judge", "林玥")
    assert lin.check_password(password) and password not in lin.password_hash
    feng = User.query.filter_by(username="judge-feng").one()
    assert feng.role == "chief_judge" and feng.check_password("a-secret-pass")
    assert all("password" not in (a.new or "") for a in AuditEntry.query.all())


def test_blank_form_downloads_in_the_users_language(client, organizer, hotel):
    from openpyxl import load_workbook

    response = client.get(f"/organizer/contests/{hotel['contest'].id}/exchange/import/"
                          "contestants/form?format=xlsx&lang=en")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    headers = [c.value for c in book.worksheets[0][1]]
    assert headers[:3] == ["Bib number*", "Name*", "Gender"]
    accepted = {row[0].value: row[1].value for row in book.worksheets[1].iter_rows(min_row=2)}
    assert accepted["Event"] == "前厅服务, 客房服务"
    csv_form = client.get(f"/organizer/contests/{hotel['contest'].id}/exchange/import/"
                          "judges/form?format=csv&lang=en")
    assert csv_form.data.decode("utf-8-sig").startswith("Username*,Name,Work unit,Role")


def test_contest_page_links_to_import_and_export(client, organizer, hotel):
    page = client.get(f"/organizer/contests/{hotel['contest'].id}/?lang=en")
    assert f"/organizer/contests/{hotel['contest'].id}/exchange/" in page.get_data(as_text=True)
    hub = client.get(f"/organizer/contests/{hotel['contest'].id}/exchange/?lang=en")
    text = hub.get_data(as_text=True)
    assert "Marks (entry × criterion × judge)" in text and "Audit log" in text
