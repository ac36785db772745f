"""decode_article: encodings, HTML to text, and the files it refuses."""

import codecs

import pytest

from incidents.extraction import ArticleRejected, decode_article

ARABIC = "قصفت قوات النظام بلدة ناحتة بريف درعا الشرقي."


def test_utf8_text_is_returned_unchanged():
    assert decode_article(ARABIC.encode("utf-8"), "a.txt") == ARABIC


def test_utf8_byte_order_mark_is_dropped():
    assert decode_article(codecs.BOM_UTF8 + ARABIC.encode("utf-8")) == ARABIC


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_byte_order_mark_is_decoded(encoding):
    bom = codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE
    assert decode_article(bom + ARABIC.encode(encoding)) == ARABIC


def test_utf16_without_byte_order_mark_is_recognised_by_its_nul_pattern():
    assert decode_article(("نص عربي\n" + ARABIC).encode("utf-16-le")) == "نص عربي\n" + ARABIC


def test_windows_1256_is_the_fallback_for_non_utf8_bytes():
    assert decode_article(ARABIC.encode("cp1256")) == ARABIC


def test_utf8_with_one_bad_byte_stays_utf8_not_windows_1256_mojibake():
    half = len(ARABIC) // 2
    text = decode_article(ARABIC[:half].encode() + b"\xff" + ARABIC[half:].encode())
    assert text.count("\ufffd") == 1
    assert text.replace("\ufffd", "") == ARABIC


def test_windows_line_ends_become_newlines():
    assert decode_article(("سطر أول\r\nسطر ثان").encode()) == "سطر أول\nسطر ثان"


def test_html_file_becomes_text_without_scripts_navigation_or_footer():
    page = (
        "<html><head><title>عنوان الصفحة</title><script>var x = 'درعا';</script></head><body>"
        "<nav>الرئيسية أخبار</nav><h1>قصف على درعا</h1><p>قصفت قوات النظام &quot;بلدة&quot; طفس.</p>"
        "<aside>الأكثر قراءة</aside><p>سطر ثان<br>سطر ثالث</p><footer>حقوق النشر</footer></body></html>"
    )
    text = decode_article(page.encode("utf-8"), "page.html")
    assert "var x" not in text and "الرئيسية" not in text and "حقوق" not in text and "الأكثر" not in text
    assert text.splitlines()[0] == "قصف على درعا"
    assert 'قصفت قوات النظام "بلدة" طفس.' in text.splitlines()
    assert "سطر ثان" in text.splitlines() and "سطر ثالث" in text.splitlines()


def test_html_is_recognised_by_its_content_without_an_extension():
    text = decode_article("<!DOCTYPE html><html><body><p>اشتباكات في نوى</p></body></html>".encode(), "upload")
    assert text.strip() == "اشتباكات في نوى"


def test_html_page_title_heads_the_text_when_there_is_no_h1():
    page = "<html><head><title>غارات على بصر الحرير</title></head><body><p>شن الطيران غارات.</p></body></html>"
    assert decode_article(page.encode("utf-8"), "x.htm").splitlines()[0] == "غارات على بصر الحرير"


def test_photo_captions_in_html_are_dropped():
    page = "<html><body><figure><img src='a.jpg'><figcaption>صورة أرشيفية من درعا</figcaption></figure>" \
           "<p>قصف على طفس.</p></body></html>"
    assert "صورة" not in decode_article(page.encode("utf-8"), "x.html")


@pytest.mark.parametrize("data", [b"", b"   \n\t  "])
def test_empty_file_is_rejected(data):
    with pytest.raises(ArticleRejected, match="empty") as error:
        decode_article(data, "a.txt")
    assert error.value.reason == "empty"


def test_binary_file_with_nul_bytes_is_rejected():
    with pytest.raises(ArticleRejected, match="binary") as error:
        decode_article(b"\x01\x02\x00\x00\x17\xff\x00abc\x00\x00\x00", "a.bin")
    assert error.value.reason == "binary"


def test_pdf_is_rejected_with_its_kind_named():
    with pytest.raises(ArticleRejected, match="PDF"):
        decode_article(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a.pdf")


def test_mostly_control_characters_are_rejected_as_binary():
    with pytest.raises(ArticleRejected, match="binary"):
        decode_article(bytes(range(1, 31)) * 20 + ARABIC.encode("utf-8"))


def test_text_without_arabic_letters_is_rejected():
    with pytest.raises(ArticleRejected, match="Arabic") as error:
        decode_article(b"An English article about Daraa.", "a.txt")
    assert error.value.reason == "no_arabic"


def test_file_over_the_size_limit_is_rejected_before_decoding():
    with pytest.raises(ArticleRejected, match="limit") as error:
        decode_article(ARABIC.encode("utf-8") * 10, "a.txt", max_bytes=100)
    assert error.value.reason == "too_large"


def test_default_size_limit_is_two_megabytes():
    with pytest.raises(ArticleRejected, match="2,097,152"):
        decode_article(b"a" * (2 * 1024 * 1024 + 1))


def test_byte_order_mark_followed_by_invalid_bytes_is_undecodable():
    with pytest.raises(ArticleRejected, match="not valid") as error:
        decode_article(codecs.BOM_UTF8 + b"\xd9\x82\xff\xfe\xfa", "a.txt")
    assert error.value.reason == "undecodable"


def test_rejection_message_is_the_exception_text():
    with pytest.raises(ArticleRejected) as error:
        decode_article(b"")
    assert str(error.value) == error.value.message == "The file is empty."
