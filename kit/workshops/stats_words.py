"""The statistics of a workshop test said in words, for a trainer who is not a statistician: what
Cronbach's α and Hake's gain mean for this class, and, when a figure is missing, out of its range
or drawn from too few trainees, why it cannot be read as it stands.

α is meaningful between 0 and 1 (it is never above 1: the total's variance is at most k times
the sum of the items' variances); below 0 the items pull against each other (a trainee who gets
one right tends to get another wrong), which with a handful of trainees is most often chance. A
figure from fewer than :data:`FEW_TRAINEES` trainees is said to be only a hint: a single answer
moves it a lot (the kit's rule of thumb for a workshop, not a statistical test).
"""

from __future__ import annotations

from kit.workshops.gain import GAIN_BANDS, Gain
from kit.workshops.item_stats import ALPHA_BANDS
from kit.workshops.marks import Text, figure
from kit.workshops.stats import Report

#: fewer trainees than this and α or g is only a hint
FEW_TRAINEES = 10


def _join(*parts: Text) -> Text:
    return Text(" ".join(p.vi for p in parts if p.vi), " ".join(p.en for p in parts if p.en))


def _few(n: int) -> Text:
    if n >= FEW_TRAINEES:
        return Text("", "")
    return Text(
        f"Chỉ có {n} học viên: quá ít để tin con số này, một bài làm cũng làm nó thay đổi nhiều; "
        "hãy coi đây là dấu hiệu, chưa phải kết luận.",
        f"Only {n} trainees: too few to trust this figure, one answer moves it a lot; read it as "
        "a hint, not a conclusion.",
    )


def alpha_words(report: Report) -> Text:
    """α (the test's reliability) in words: its value and band, what it means, and why it is
    missing or not meaningful when it is."""
    alpha, n = report.alpha, report.alpha_n
    if len(report.items) < 2:
        return Text(
            "Chưa tính được độ tin cậy α: cần ít nhất 2 câu hỏi có bài làm.",
            "Reliability α cannot be computed yet: it needs at least 2 answered items.",
        )
    if alpha is None:
        if n < 2:
            return Text(
                "Chưa tính được độ tin cậy α: cần ít nhất 2 học viên làm đủ mọi câu "
                f"(hiện có {n}).",
                f"Reliability α cannot be computed yet: it needs at least 2 trainees who answered "
                f"every item ({n} so far).",
            )
        return Text(
            "Không tính được độ tin cậy α: mọi học viên có tổng điểm bằng nhau, nên bài này chưa "
            "phân biệt được ai.",
            "Reliability α cannot be computed: every trainee has the same total, so the test "
            "does not separate anyone yet.",
        )
    shown = Text(f"α = {figure(alpha)}", f"α = {figure(alpha, 'en')}")
    partial = (
        Text(
            f"Tính trên {n}/{report.trainees} học viên làm đủ mọi câu.",
            f"From the {n} of {report.trainees} trainees who answered every item.",
        )
        if report.trainees > n
        else Text("", "")
    )
    if alpha < 0:
        return _join(
            Text(
                f"{shown.vi}: nằm ngoài khoảng 0–1 nên không đọc được như độ tin cậy. "
                "Số âm nghĩa là các câu kéo ngược nhau: người làm đúng câu này lại hay sai "
                "câu khác, nên tổng điểm chưa đo một năng lực chung. "
                f"Với {n} học viên, điều này thường do ngẫu nhiên; hãy xem các câu được đánh "
                "dấu «có thể là câu kém» hoặc «cần xem lại».",
                f"{shown.en}: outside 0–1, so it cannot be read as a reliability. "
                "A negative value means the items pull against each other: trainees who got "
                "one right tended to get another wrong, so the total does not measure one skill. "
                f"With {n} trainees this is often chance; look at the items flagged "
                "«likely bad» or «review».",
            ),
            partial,
        )
    band = ALPHA_BANDS[report.alpha_band or "unsatisfactory"]
    meaning = Text(
        f"{shown.vi} ({band.vi}): α từ 0 đến 1 cho biết các câu hỏi có cùng đo một năng lực "
        "không; từ 0,75 trở lên là đạt, dưới 0,64 là chưa đạt.",
        f"{shown.en} ({band.en}): α from 0 to 1 tells whether the items measure one skill; "
        "above 0.75 is satisfactory, below 0.64 unsatisfactory.",
    )
    return _join(meaning, partial, _few(n))


def gain_words(gain: Gain | None) -> Text:
    """Hake's gain of the class in words ('' without a pre- and a post-test)."""
    if gain is None:
        return Text("", "")
    if gain.n == 0:
        return Text(
            "Chưa tính được mức tiến bộ: chưa có học viên nào làm cả bài đầu vào và bài cuối khóa.",
            "The gain cannot be computed yet: no trainee has sat both the pre- and the post-test.",
        )
    pre, post = gain.pre or 0.0, gain.post or 0.0
    scores = Text(
        f"Điểm trung bình {figure(pre, 'vi', 1)}% ở bài đầu vào, {figure(post, 'vi', 1)}% ở bài "
        f"cuối khóa, tính trên {gain.n} học viên làm cả hai bài.",
        f"Mean score {figure(pre, 'en', 1)}% on the pre-test, {figure(post, 'en', 1)}% on the "
        f"post-test, over the {gain.n} trainees who sat both.",
    )
    if gain.value is None:
        return _join(
            Text(
                "Không tính được mức tiến bộ g: cả lớp đã đạt 100% ở bài đầu vào, không còn chỗ để "
                "tiến bộ.",
                "The gain g cannot be computed: the class scored 100% on the pre-test, leaving "
                "no room to improve.",
            ),
            scores,
        )
    g = gain.value
    if g < 0:
        meaning = Text(
            f"Mức tiến bộ g = {figure(g)}: số âm vì điểm cuối khóa thấp hơn đầu vào; hãy xem lại "
            "các câu của bài cuối khóa và cách lớp học đã diễn ra.",
            f"Gain g = {figure(g, 'en')}: negative because the post-test scores are below the "
            "pre-test's; look at the post-test's items and how the workshop went.",
        )
    else:
        band = GAIN_BANDS[gain.band or "low"]
        meaning = Text(
            f"Mức tiến bộ g = {figure(g)} ({band.vi}): lớp bù được {figure(100 * g, 'vi', 0)}% "
            "phần điểm còn thiếu ở bài đầu vào (dưới 0,3 là thấp, trên 0,7 là cao).",
            f"Gain g = {figure(g, 'en')} ({band.en}): the class made up "
            f"{figure(100 * g, 'en', 0)}% of the points it missed on the pre-test "
            "(below 0.3 low, above 0.7 high).",
        )
    alone = sum(1 for t in gain.trainees.values() if t.pre is None or t.post is None)
    missing = (
        Text(
            f"{alone} học viên chỉ làm một trong hai bài, không được tính.",
            f"{alone} trainee(s) sat only one of the two tests and are left out.",
        )
        if alone
        else Text("", "")
    )
    return _join(meaning, scores, missing, _few(gain.n))
