"""The user's files in Chinese: ``cannot read PATH: REASON`` and its hint, the system's reasons too."""

from __future__ import annotations

import errno

import pytest

from livesop import i18n
from livesop.files import FileProblem, check_input, os_problem, refuse_overwrite


@pytest.fixture(autouse=True)
def zh():
    i18n.use("zh")


def test_a_missing_playbook(tmp_path):
    with pytest.raises(FileProblem) as raised:
        check_input(tmp_path / "x.yaml", "playbook")
    assert raised.value.message == f"无法读取 {tmp_path / 'x.yaml'}：文件不存在"
    assert raised.value.hint == "检查手册的路径"


def test_a_folder_where_a_lineup_is_wanted(tmp_path):
    with pytest.raises(FileProblem) as raised:
        check_input(tmp_path, "lineup")
    assert raised.value.message.endswith("：这是文件夹，不是文件")
    assert raised.value.hint == "这里要的是排品表：请指定文件本身，不要指定文件夹"


def test_the_systems_reason_is_translated_when_known():
    problem = os_problem("write", "/x/y", PermissionError(errno.EACCES, "Permission denied", "/x/y"))
    assert problem.message == "无法写入 /x/y：没有权限"
    assert problem.hint == "检查文件及其所在文件夹的权限（ls -l）"
    other = os_problem("write", "/x/y", OSError(errno.EXDEV, "Some reason nobody translated", "/x/y"))
    assert other.message == "无法写入 /x/y：Some reason nobody translated"
    assert other.hint == "检查路径及其权限"


def test_an_existing_file_needs_force(tmp_path):
    path = tmp_path / "out.yaml"
    path.write_text("", encoding="utf-8")
    with pytest.raises(Exception) as raised:
        refuse_overwrite(path, force=False)
    assert raised.value.message == f"{path} 已存在"
    assert raised.value.hint == "加 --force 覆盖它，或用 -o 换个路径"
