"""Form data for the multi-row editors: rows-0-name=…, rows-1-name=…"""


def rows(*items: dict) -> dict:
    data = {}
    for index, item in enumerate(items):
        for key, value in item.items():
            data[f"rows-{index}-{key}"] = value
    return data
