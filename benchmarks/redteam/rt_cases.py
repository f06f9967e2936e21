"""Planted abuse cases and hard negatives for the red-team marketplace.

Every builder takes (W, case_key) and records its accounts with W.label(...)."""

import numpy as np
import rt_data as D
import rt_text as TX
from rt_core import AS_OF, DAY, HOUR, LANG_IDX, MIN, T0, WEEK, fmt_ip4

EN = LANG_IDX["en"]


def T(lang, cat):
    """placeholder body rendered later by the vectorized template engine"""
    return ("T", int(lang), cat)


HIRE_CHAT = {
    "en": [
        "Hi, sent you the offer as discussed.",
        "Accepted, thanks!",
        "Payment is released, check it.",
        "Great, starting now.",
        "Done, please confirm.",
    ],
    "es": ["Hola, te mandé la oferta como hablamos.", "Aceptada, ¡gracias!", "Ya liberé el pago."],
    "pt": ["Oi, te mandei a proposta como combinamos.", "Aceitei, valeu!", "Liberei o pagamento."],
    "ru": [
        "Привет, отправил оффер, как договаривались.",
        "Принял, спасибо!",
        "Оплату отпустил, проверь.",
    ],
    "de": [
        "Hi, hab dir das Angebot wie besprochen geschickt.",
        "Angenommen, danke!",
        "Zahlung ist freigegeben.",
    ],
    "hi": [
        "Hi, offer bhej diya jaisa baat hui thi.",
        "Accept kar liya, thanks!",
        "Payment release kar diya.",
    ],
    "zh": ["你好，按我们说的发了邀请。", "已接受，谢谢！", "款已经放了，查收。"],
    "fr": ["Salut, je t'ai envoyé l'offre comme convenu.", "Acceptée, merci !", "Paiement libéré."],
}
REPLY_OK = {
    "en": ["ok, added you", "got it 👍", "ok will text you there", "saved"],
    "es": ["listo, te agregué", "ok, te escribo"],
    "pt": ["adicionei", "beleza, te chamo lá"],
    "ru": ["ок, добавил", "понял, напишу"],
    "de": ["okay, hinzugefügt", "alles klar"],
    "hi": ["add kar liya", "ok, msg karta hoon"],
    "zh": ["好的，加你了", "收到"],
    "fr": ["ok, ajouté"],
}
OFFCHAN_BENIGN = {
    "en": [
        "Sent the screenshots on WhatsApp, easier from my phone.",
        "Check your email, I sent the mockups.",
        "Replied on WhatsApp about the call time.",
        "Called you, will log the hours here as usual.",
    ],
    "es": ["Te mandé las capturas por WhatsApp.", "Revisa tu correo, te mandé los diseños."],
    "pt": ["Te mandei os prints no zap.", "Olha teu email, mandei os layouts."],
    "ru": ["Скинул скрины в вотсап.", "Проверь почту, отправил макеты."],
    "de": ["Screenshots per WhatsApp geschickt.", "Schau in deine Mails, die Entwürfe sind da."],
    "hi": ["Screenshots WhatsApp pe bhej diye.", "Email check karo, mockups bheje hain."],
    "zh": ["截图微信发你了。", "看一下邮箱，设计稿发了。"],
    "fr": ["Captures envoyées sur WhatsApp."],
}
LANG_COUNTRIES = {
    "es": ["ES", "MX", "AR"],
    "pt": ["BR"],
    "ru": ["RU", "UA"],
    "de": ["DE"],
    "hi": ["IN", "PK"],
    "zh": ["CN"],
    "fr": ["FR"],
    "en": ["US", "GB", "CA", "AU", "PH", "NG", "KE", "EG", "BD", "NL"],
}
IMPLICIT_DOMAINS = {
    "ru": ["yandex.ru", "mail.ru"],
    "zh": ["qq.com", "163.com"],
    "en": ["gmail.com", "outlook.com", "hotmail.com", "yahoo.com"],
    "es": ["gmail.com", "hotmail.com"],
    "pt": ["gmail.com"],
    "de": ["gmail.com"],
    "hi": ["gmail.com"],
    "fr": ["gmail.com", "hotmail.com"],
}


# ------------------------------------------------------------------------------------
class Ctx:
    def __init__(self, W):
        self.W = W
        self.g = W.rng_case
        self.r = W.r

    def u(self, lo, hi):
        return float(self.g.uniform(lo, hi))

    def i(self, lo, hi):
        """int in [lo, hi]"""
        return int(self.g.integers(lo, hi + 1))

    def p(self, x):
        return self.g.random() < x

    def choice(self, seq):
        return seq[int(self.g.integers(0, len(seq)))]

    def anchor(self, lo_days=150, tail_days=110):
        return int(self.g.integers(T0 + lo_days * DAY, AS_OF - tail_days * DAY))

    def lang_name(self, li):
        return TX.LANGS[li]


def _login_stream(W, c, acct, t_from, t_to, every_days, ip_fn, dev_fn):
    t = t_from
    while t < min(t_to, AS_OF - HOUR):
        W.add_login(acct, t, ip_fn(), dev_fn())
        t += int(c.g.exponential(every_days * DAY)) + HOUR


def _co_login_days(W, c, members, t_from, t_to, n_days, ip_for, dev_for):
    span_days = max(1, (min(t_to, AS_OF - DAY) - t_from) // DAY)
    days = sorted(set(int(x) for x in c.g.integers(0, span_days, n_days)))
    for d in days:
        day0 = t_from - t_from % DAY + d * DAY
        for m in members:
            local = c.u(18, 23.5) - W.tz[m]
            for _ in range(c.i(1, 2)):
                W.add_login(
                    m, day0 + int((local % 24) * HOUR) + c.i(0, 1800), ip_for(m), dev_for(m)
                )


def _ring_contracts(W, c, ck, cl, fr, t_lo, t_hi, n_small, money_p):
    """feedback-farming small jobs and / or money moving between ring members"""
    ts = sorted(
        int(x) for x in c.g.integers(t_lo, max(t_lo + DAY, min(t_hi, AS_OF - 3 * DAY)), n_small)
    )
    for t in ts:
        inv = c.p(0.8)
        W.add_contract(
            ck,
            client=cl,
            freelancer=fr,
            created=t,
            hire=1 if inv else 0,
            posted=-1 if inv else t - c.i(5, 60) * MIN,
            proposals=0 if inv else c.i(0, 2),
            pricing=1,
            status=1,
            ended=t + c.i(2 * HOUR, 2 * DAY),
            budget=c.u(5, 60),
            n_ms=1,
            msg_rate=0.3,
            n_pre=c.i(0, 1),
            wind=1,
            bonus=int(c.p(0.3)),
        )
    if c.p(money_p):
        t = int(c.g.integers(t_lo, max(t_lo + DAY, min(t_hi, AS_OF - 30 * DAY))))
        if c.p(0.5):
            W.add_contract(
                ck,
                client=cl,
                freelancer=fr,
                created=t,
                hire=1,
                proposals=0,
                pricing=0,
                status=1,
                ended=t + c.i(4, 20) * WEEK,
                rate=c.u(35, 120),
                hours_mean=c.u(30, 45),
                msg_rate=0.4,
                n_pre=0,
            )
        else:
            W.add_contract(
                ck,
                client=cl,
                freelancer=fr,
                created=t,
                hire=1,
                proposals=0,
                pricing=1,
                status=1,
                ended=t + c.i(3, 30) * DAY,
                budget=c.u(1500, 8000),
                n_ms=c.i(2, 3),
                msg_rate=0.4,
                n_pre=0,
                bonus=1,
            )


def _camouflage(W, c, acct, lo, hi, t_lo=None):
    n = c.i(lo, hi)
    if n:
        W.honest_history(acct, n, t_lo or (W.created[acct] + 10 * DAY), AS_OF - 20 * DAY)


def _family_country(c):
    return c.choice(
        [
            "RU",
            "UA",
            "GB",
            "DE",
            "BR",
            "IN",
            "US",
            "MX",
            "PK",
            "NG",
            "PH",
            "ES",
            "FR",
            "AR",
            "CN",
            "EG",
            "US",
            "IN",
            "BR",
        ]
    )


# ==================================================================================== rings
def ring_pair_shared_phone(W, ck):
    c = Ctx(W)
    co = _family_country(c)
    t = c.anchor()
    F = W.take(False, co, created=t - c.i(60, 500) * DAY)
    C = W.take(True, co, created=t - c.i(1, 40) * DAY)
    pi = W.phone_info(F)
    W.phone[F] = pi["typed"]
    W.phone[C] = W.retype_phone(W.country[F], pi["nsn"], avoid=pi["typed"])
    W.e164[C] = W.e164[F]
    _ring_contracts(W, c, ck, C, F, t, t + c.i(60, 240) * DAY, c.i(3, 8), 0.4)
    _camouflage(W, c, F, 1, 4)
    _camouflage(W, c, C, 0, 1)
    W.label(ck, "ring", "fraud", [C, F], "pair_shared_phone", "planted")


def ring_pair_shared_device(W, ck):
    c = Ctx(W)
    co = _family_country(c)
    t = c.anchor()
    F = W.take(False, co, created=t - c.i(60, 500) * DAY)
    C = W.take(True, co, created=t - c.i(1, 40) * DAY)
    W.dev[C, 0] = W.dev[F, 0]
    W.ndev[C] = 1
    _ring_contracts(W, c, ck, C, F, t, t + c.i(60, 240) * DAY, c.i(3, 8), 0.4)
    _camouflage(W, c, F, 1, 4)
    _camouflage(W, c, C, 0, 1)
    W.label(ck, "ring", "fraud", [C, F], "pair_shared_device", "planted")


def _gmail_variant(c, base_local, typed_f):
    kind = c.choice(["nodots_tag", "case", "googlemail", "dots", "tag"])
    loc = base_local
    if kind == "nodots_tag":
        loc = loc.replace(".", "") + "+" + c.choice(D.PLUS_TAGS)
        dom = "gmail.com"
    elif kind == "case":
        loc = loc.replace(".", "").upper() if c.p(0.5) else loc.title()
        dom = c.choice(["Gmail.com", "GMAIL.COM", "gmail.com"])
    elif kind == "googlemail":
        loc, dom = loc.replace(".", ""), "googlemail.com"
    elif kind == "dots":
        raw = loc.replace(".", "")
        loc = (
            ".".join(raw[i : i + 2] for i in range(0, len(raw), 2))
            if c.p(0.5)
            else raw[0] + "." + raw[1:]
        )
        dom = "gmail.com"
    else:
        loc = loc + "+" + c.choice(D.PLUS_TAGS)
        dom = "gmail.com"
    v = loc + "@" + dom
    return v if v != typed_f else loc + "+x@gmail.com"


def ring_pair_shared_email(W, ck):
    c = Ctx(W)
    co = _family_country(c)
    t = c.anchor()
    F = W.take(False, co, created=t - c.i(60, 500) * DAY)
    C = W.take(True, co, created=t - c.i(1, 40) * DAY)
    base = f"{W.first[F]}.{W.last[F]}{c.i(10, 9999)}"
    W.email[F] = base + "@gmail.com"
    W.email[C] = _gmail_variant(c, base, W.email[F])
    _ring_contracts(W, c, ck, C, F, t, t + c.i(60, 240) * DAY, c.i(3, 8), 0.4)
    _camouflage(W, c, F, 1, 4)
    _camouflage(W, c, C, 0, 1)
    W.label(ck, "ring", "fraud", [C, F], "pair_shared_email", "planted")


def ring_trio_shared_card(W, ck):
    c = Ctx(W)
    co = _family_country(c)
    t = c.anchor()
    F = W.take(False, co, created=t - c.i(60, 500) * DAY)
    C1 = W.take(True, co, created=t - c.i(1, 60) * DAY)
    C2 = W.take(True, co, created=t - c.i(1, 60) * DAY)
    W.card[C2, 0] = W.card[C1, 0]
    W.ncard[C1] = W.ncard[C2] = 1
    for cl in (C1, C2):
        _ring_contracts(W, c, ck, cl, F, t, t + c.i(60, 200) * DAY, c.i(2, 5), 0.7)
    _camouflage(W, c, F, 1, 3)
    W.label(ck, "ring", "fraud", [C1, C2, F], "trio_shared_card", "planted")


def ring_trio_shared_device(W, ck):
    c = Ctx(W)
    co = _family_country(c)
    t = c.anchor()
    F1 = W.take(False, co, created=t - c.i(60, 500) * DAY)
    F2 = W.take(False, co, created=t - c.i(30, 300) * DAY)
    C = W.take(True, co, created=t - c.i(1, 40) * DAY)
    W.dev[C, 0] = W.dev[F1, 0]
    W.ndev[C] = 1
    W.dev[F2, 2] = W.dev[F1, 0]
    W.ndev[F2] = 3
    for f in (F1, F2):
        _ring_contracts(W, c, ck, C, f, t, t + c.i(60, 200) * DAY, c.i(2, 5), 0.4)
        _camouflage(W, c, f, 1, 2)
    W.label(ck, "ring", "fraud", [C, F1, F2], "trio_shared_device", "planted")


def _household_members(W, c, co, t):
    comp = c.choice([("C", "F"), ("C", "F"), ("C", "F", "F"), ("C", "C", "F")])
    mem = [W.take(x == "C", co, created=t - c.i(5, 400) * DAY) for x in comp]
    return (
        mem,
        [m for m, x in zip(mem, comp) if x == "C"],
        [m for m, x in zip(mem, comp) if x == "F"],
    )


def _household_money(W, c, ck, cls, frs, t):
    for cl in cls:
        for fr in frs:
            for _ in range(c.i(2, 5)):
                tt = int(c.g.integers(t, AS_OF - 20 * DAY))
                if c.p(0.5):
                    W.add_contract(
                        ck,
                        client=cl,
                        freelancer=fr,
                        created=tt,
                        hire=1,
                        proposals=0,
                        pricing=0,
                        status=1,
                        ended=tt + c.i(2, 12) * WEEK,
                        rate=c.u(25, 90),
                        hours_mean=c.u(20, 40),
                        msg_rate=0.5,
                        n_pre=0,
                    )
                else:
                    W.add_contract(
                        ck,
                        client=cl,
                        freelancer=fr,
                        created=tt,
                        hire=c.choice([0, 1, 1]),
                        posted=tt - c.i(10, 300) * MIN,
                        proposals=c.i(0, 2),
                        pricing=1,
                        status=1,
                        ended=tt + c.i(1, 10) * DAY,
                        budget=c.u(80, 2500),
                        n_ms=c.i(1, 2),
                        msg_rate=0.5,
                    )


def ring_household_ipv4(W, ck):
    c = Ctx(W)
    co = _family_country(c)
    t = c.anchor()
    mem, cls, frs = _household_members(W, c, co, t)
    for m in mem:
        W.home4[m] = W.home4[mem[0]]
        W.has6[m] = False
    mapped = mem[1] if c.p(0.5) else None
    if mapped is not None:
        W.mapped_p[mapped] = 0.5
    ip = fmt_ip4(W.home4[mem[0]])
    _co_login_days(
        W,
        c,
        mem,
        t,
        AS_OF,
        c.i(25, 60),
        lambda m: ("::ffff:" + ip) if (m == mapped and c.p(0.5)) else ip,
        lambda m: W.dev_str(m, 0),
    )
    _household_money(W, c, ck, cls, frs, t)
    if c.p(0.3):
        _camouflage(W, c, frs[0], 1, 1)
    W.label(ck, "ring", "fraud", mem, "household_ipv4", "planted")


def ring_household_ipv6(W, ck):
    c = Ctx(W)
    co = _family_country(c)
    t = c.anchor()
    mem, cls, frs = _household_members(W, c, co, t)
    for m in mem:
        W.has6[m] = True
        W.v6[m] = W.v6[mem[0]]
        W.v6_stable[m] = False
    _co_login_days(
        W, c, mem, t, AS_OF, c.i(25, 60), lambda m: W.ip_home(m, v6=True), lambda m: W.dev_str(m, 0)
    )
    _household_money(W, c, ck, cls, frs, t)
    W.label(ck, "ring", "fraud", mem, "household_ipv6_64", "planted")


def ring_dense_block(W, ck):
    c = Ctx(W)
    t = c.anchor(tail_days=200)
    kc, kf = c.i(2, 3), c.i(3, 4)
    cls = [W.take(True, created=t - c.i(1, 200) * DAY) for _ in range(kc)]
    frs = [W.take(False, created=t - c.i(30, 500) * DAY) for _ in range(kf)]
    adj = c.g.random((kc, kf)) < 0.85
    for j in range(kf):
        if adj[:, j].sum() < 2:
            adj[:2, j] = True
    for a in range(kc):
        for b in range(kf):
            if not adj[a, b]:
                continue
            for _ in range(c.i(1, 3)):
                tt = int(c.g.integers(t, t + 180 * DAY))
                inv = c.p(0.7)
                hourly = c.p(0.35)
                W.add_contract(
                    ck,
                    client=cls[a],
                    freelancer=frs[b],
                    created=tt,
                    hire=1 if inv else 0,
                    posted=-1 if inv else tt - c.i(10, 600) * MIN,
                    proposals=0 if inv else c.i(0, 3),
                    pricing=0 if hourly else 1,
                    status=1,
                    ended=tt + (c.i(2, 10) * WEEK if hourly else c.i(1, 14) * DAY),
                    rate=c.u(20, 80),
                    hours_mean=c.u(10, 35),
                    budget=c.u(50, 2000),
                    n_ms=c.i(1, 2),
                    msg_rate=0.6,
                    bonus=int(c.p(0.2)),
                )
    for f in frs:
        _camouflage(W, c, f, 1, 3)
    for cl in cls:
        _camouflage(W, c, cl, 0, 2)
    W.label(ck, "ring", "fraud", cls + frs, "dense_block_no_shared_id", "planted")


def ring_mixed_large(W, ck):
    c = Ctx(W)
    co = _family_country(c)
    t = c.anchor(tail_days=150)
    C1, C2, C3 = (W.take(True, co, created=t - c.i(1, 200) * DAY) for _ in range(3))
    F1, F2, F3 = (W.take(False, co, created=t - c.i(30, 500) * DAY) for _ in range(3))
    mem = [C1, C2, C3, F1, F2, F3]
    if c.p(0.5):
        mem.append(W.take(False, co, created=t - c.i(30, 500) * DAY))
    W.dev[C1, 0] = W.dev[F1, 0]  # device  C1-F1
    W.ndev[C1] = 1
    pi = W.phone_info(F1)  # phone   F1-F2
    W.phone[F1] = pi["typed"]
    W.phone[F2] = W.retype_phone(W.country[F1], pi["nsn"], avoid=pi["typed"])
    W.e164[F2] = W.e164[F1]
    W.card[C2, 0] = W.card[C1, 0]  # card    C1-C2
    W.ncard[C1] = W.ncard[C2] = 1
    W.home4[C3] = W.home4[F3]  # home IP C3-F3
    W.has6[C3] = W.has6[F3] = False
    ip = fmt_ip4(W.home4[F3])
    _co_login_days(W, c, [C3, F3], t, AS_OF, c.i(20, 40), lambda m: ip, lambda m: W.dev_str(m, 0))
    frs = [m for m in mem if not W.is_client[m]]
    for cl in (C1, C2, C3):
        for fr in [f for f in frs if c.p(0.7)] or frs[:2]:
            _ring_contracts(W, c, ck, cl, fr, t, t + c.i(60, 200) * DAY, c.i(1, 3), 0.35)
    for f in frs:
        _camouflage(W, c, f, 0, 2)
    W.label(ck, "ring", "fraud", mem, "mixed_links_large", "planted")


def ring_sockpuppet_clients(W, ck):
    c = Ctx(W)
    co = _family_country(c)
    t = c.anchor(tail_days=160)
    F = W.take(False, co, created=t - c.i(30, 300) * DAY)
    k = c.i(3, 5)
    dev = (int(c.g.integers(0, 2**63)), int(c.g.integers(0, 2**63)))
    cls = []
    for j in range(k):
        tc = t + int(c.g.integers(0, 120 * DAY))
        cl = W.take(True, co, created=tc)
        W.dev[cl, 0] = dev
        W.ndev[cl] = 1
        W.login_rate_mult[cl] = 0.4
        cls.append(cl)
        for _ in range(c.i(2, 4)):
            tt = tc + c.i(HOUR, 25 * DAY)
            W.add_contract(
                ck,
                client=cl,
                freelancer=F,
                created=tt,
                hire=1,
                proposals=0,
                pricing=1,
                status=1,
                ended=tt + c.i(2, 20) * HOUR,
                budget=c.u(5, 25),
                n_ms=1,
                msg_rate=0.2,
                n_pre=0,
                wind=1,
                bonus=int(c.p(0.4)),
            )
    _camouflage(W, c, F, 2, 5)
    W.label(ck, "ring", "fraud", [F] + cls, "sockpuppet_clients_feedback", "planted")


# ==================================================================================== immediate hire
def _established_freelancer(W, c, t, co=None):
    F = W.take(False, co, created=t - c.i(150, 700) * DAY)
    W.honest_history(F, c.i(3, 10), W.created[F] + 20 * DAY, t - 2 * DAY)
    return F


def _fresh_hire_contract(W, c, ck, C, F, t, hire=1, posted=-1, proposals=0):
    lang = W.lang_pair(C, F)
    ln = TX.LANGS[lang]
    chat = HIRE_CHAT.get(ln, HIRE_CHAT["en"])
    if c.p(0.7):
        end = t + c.i(6 * HOUR, 3 * DAY)
        k = W.add_contract(
            ck,
            client=C,
            freelancer=F,
            created=t,
            hire=hire,
            posted=posted,
            proposals=proposals,
            pricing=1,
            status=1,
            ended=end,
            pay_mode=1,
            msg_rate=0.3,
            n_pre=0,
            wind=1,
            lang=lang,
        )
        amt = c.u(150, 3000)
        W.add_pay(k, t + c.i(10 * MIN, 6 * HOUR), amt, "milestone")
        if c.p(0.3):
            W.add_pay(k, end + c.i(MIN, 3 * HOUR), amt * c.u(0.1, 0.5), "bonus")
    else:
        k = W.add_contract(
            ck,
            client=C,
            freelancer=F,
            created=t,
            hire=hire,
            posted=posted,
            proposals=proposals,
            pricing=0,
            status=1,
            ended=t + c.i(1, 4) * WEEK,
            rate=c.u(30, 90),
            hours_mean=c.u(20, 40),
            msg_rate=0.5,
            n_pre=0,
            wind=1,
            lang=lang,
        )
    W.add_msg(k, C, F, t + c.i(1, 5) * MIN, chat[0])
    W.add_msg(k, F, C, t + c.i(6, 30) * MIN, chat[1])
    if len(chat) > 2:
        W.add_msg(k, C, F, t + c.i(40, 400) * MIN, chat[2])
    return k


def _fresh_client_logins(W, c, C, t, ip_fn, dev_fn, n_more=(1, 4)):
    W.custom_logins[C] = True
    W.add_login(C, W.created[C] + c.i(0, 60), ip_fn(), dev_fn())
    for _ in range(c.i(*n_more)):
        W.add_login(C, t + c.i(5 * MIN, 4 * DAY), ip_fn(), dev_fn())
    if c.p(0.5):  # a couple of late, sporadic visits
        for _ in range(c.i(1, 3)):
            W.add_login(C, t + c.i(5 * DAY, 90 * DAY), ip_fn(), dev_fn())


def imm_fresh_invite_same_device(W, ck):
    c = Ctx(W)
    t = c.anchor(lo_days=250)
    F = _established_freelancer(W, c, t)
    C = W.take(True, created=t - c.i(3, 45) * MIN)
    slot = 1 if (W.ndev[F] >= 2 and c.p(0.4)) else 0
    dv = W.dev_str(F, slot)
    W.dev[C, 0] = W.dev[F, slot]
    W.ndev[C] = 1
    mob = slot == 1 or c.p(0.4)
    ipf = (lambda: W.ip_mobile(F)) if mob else (lambda: W.ip_home(F))
    _fresh_client_logins(W, c, C, t, ipf, lambda: dv)
    W.add_login(F, W.created[C] - c.i(1, 20) * MIN, ipf(), dv)
    _fresh_hire_contract(W, c, ck, C, F, t)
    W.label(ck, "immediate_hire", "fraud", [C, F], "fresh_invite_same_device", "planted")


def imm_fresh_invite_same_home_ip(W, ck):
    c = Ctx(W)
    t = c.anchor(lo_days=250)
    F = _established_freelancer(W, c, t)
    C = W.take(True, created=t - c.i(3, 45) * MIN)
    W.has6[F] = False
    ip = W.ip_home(F)
    _fresh_client_logins(W, c, C, t, lambda: ip, lambda: W.dev_str(C, 0))
    W.add_login(F, W.created[C] - c.i(1, 30) * MIN, ip, W.dev_str(F, 0))
    _fresh_hire_contract(W, c, ck, C, F, t)
    W.label(ck, "immediate_hire", "fraud", [C, F], "fresh_invite_same_home_ip", "planted")


def imm_fresh_invite_no_link(W, ck):
    c = Ctx(W)
    t = c.anchor(lo_days=250)
    F = _established_freelancer(W, c, t)
    C = W.take(True, created=t - c.i(3, 45) * MIN)
    _fresh_client_logins(W, c, C, t, lambda: W.ip_home(C), lambda: W.dev_str(C, 0))
    _fresh_hire_contract(W, c, ck, C, F, t, proposals=c.choice([0, -1]))
    W.label(ck, "immediate_hire", "fraud", [C, F], "fresh_invite_no_link", "planted")


def imm_fake_job_post(W, ck):
    c = Ctx(W)
    t0 = c.anchor(lo_days=250)
    F = _established_freelancer(W, c, t0)
    C = W.take(True, created=t0)
    posted = t0 + c.i(1, 4) * MIN
    t = posted + c.i(2, 12) * MIN
    dv = W.dev_str(F, 0) if c.p(0.5) else W.dev_str(C, 0)
    W.has6[F] = False
    ip = W.ip_home(F)
    _fresh_client_logins(W, c, C, t, lambda: ip, lambda: dv)
    _fresh_hire_contract(W, c, ck, C, F, t, hire=0, posted=posted, proposals=c.choice([0, 1, 1]))
    W.label(ck, "immediate_hire", "fraud", [C, F], "fake_job_post_no_competition", "planted")


def imm_direct_contract_same_device(W, ck):
    c = Ctx(W)
    t = c.anchor(lo_days=250)
    F = _established_freelancer(W, c, t)
    C = W.take(True, created=t - c.i(3, 45) * MIN)
    dv = W.dev_str(F, 0)
    W.dev[C, 0] = W.dev[F, 0]
    W.ndev[C] = 1
    ipf = (lambda: W.ip_home(F)) if c.p(0.5) else (lambda: W.ip_mobile(F))
    _fresh_client_logins(W, c, C, t, ipf, lambda: dv)
    _fresh_hire_contract(W, c, ck, C, F, t, hire=2, proposals=-1)
    W.label(
        ck, "immediate_hire", "fraud", [C, F], "direct_contract_from_freelancer_device", "planted"
    )


def imm_serial_fresh_clients(W, ck):
    c = Ctx(W)
    t = c.anchor(lo_days=250, tail_days=250)
    F = _established_freelancer(W, c, t)
    cls = []
    tt = t
    for j in range(c.i(3, 4)):
        C = W.take(True, created=tt - c.i(3, 40) * MIN)
        if j % 2 == 0:
            dv = W.dev_str(F, 0)
            W.dev[C, 0] = W.dev[F, 0]
            _fresh_client_logins(W, c, C, tt, lambda: W.ip_home(F), lambda: dv)
        else:
            vip = W.ip_vpn()
            _fresh_client_logins(W, c, C, tt, lambda: vip, lambda: W.dev_str(C, 0))
        _fresh_hire_contract(W, c, ck, C, F, tt, proposals=c.choice([0, -1]))
        cls.append(C)
        tt += c.i(20, 80) * DAY
        if tt > AS_OF - 10 * DAY:
            break
    W.label(ck, "immediate_hire", "fraud", [F] + cls, "serial_fresh_clients", "planted")


def imm_fresh_invite_ipv6_64(W, ck):
    c = Ctx(W)
    t = c.anchor(lo_days=250)
    F = _established_freelancer(W, c, t)
    W.has6[F] = True
    W.v6_stable[F] = False
    C = W.take(True, created=t - c.i(3, 45) * MIN)
    _fresh_client_logins(W, c, C, t, lambda: W.ip_home(F, v6=True), lambda: W.dev_str(C, 0))
    W.add_login(F, W.created[C] - c.i(1, 30) * MIN, W.ip_home(F, v6=True), W.dev_str(F, 0))
    _fresh_hire_contract(W, c, ck, C, F, t)
    W.label(ck, "immediate_hire", "fraud", [C, F], "fresh_invite_same_ipv6_64", "planted")


# ---------------------------------------------------------------- immediate-hire negatives
def _pre_hire_chatter(W, c, C, others, t_lo, t_hi):
    for o in others:
        lang = W.lang_pair(C, o)
        ts = int(c.g.integers(t_lo, max(t_lo + 1, t_hi)))
        W.add_msg(None, o, C, ts, T(lang, "pre_f"))
        if c.p(0.6):
            W.add_msg(None, C, o, ts + c.i(5, 120) * MIN, T(lang, "pre_c"))


def neg_fresh_job_post_many_proposals(W, ck):
    c = Ctx(W)
    t0 = c.anchor(lo_days=250)
    F = _established_freelancer(W, c, t0)
    C = W.take(True, created=t0)
    posted = t0 + c.i(5, 40) * MIN
    t = posted + c.i(60, 480) * MIN
    _pre_hire_chatter(W, c, C, [F] + W.outside(False, c.i(2, 3)), posted + 10 * MIN, t - MIN)
    W.normal_contract(C, F, t, ck, hire=0, posted=posted, proposals=c.i(15, 80), n_pre=0)
    _camouflage(W, c, C, 1, 2, t_lo=t + 7 * DAY)
    W.label(
        ck, "immediate_hire", "legit", [C, F], "fresh_client_job_post_many_proposals", "negative"
    )


def _give_biz(W, c, C):
    if W.biz[C] is None:
        W.biz[C] = f"{c.choice(D.BIZ_W1)}{c.choice(D.BIZ_W2)}{c.i(2, 999)}{D.BIZ_TLD[W.country[C]]}"
        W.shop[C] = W.new_phone(W.country[C], land=True)["typed"]
    W.email[C] = f"{W.first[C]}@{W.biz[C]}"


def neg_direct_contract_outside_client(W, ck):
    c = Ctx(W)
    t = c.anchor(lo_days=250)
    F = _established_freelancer(W, c, t)
    C = W.take(True, created=t - c.i(5, 60) * MIN)
    _give_biz(W, c, C)
    hourly = c.p(0.5)
    W.normal_contract(
        C,
        F,
        t,
        ck,
        hire=2,
        posted=-1,
        proposals=-1,
        pricing=0 if hourly else 1,
        status=1,
        ended=t + (c.i(4, 30) * WEEK if hourly else c.i(10, 60) * DAY),
        n_ms=c.i(2, 4),
        n_pre=0,
    )
    _camouflage(W, c, C, 1, 2, t_lo=t + 14 * DAY)
    W.label(
        ck, "immediate_hire", "legit", [C, F], "direct_contract_real_outside_client", "negative"
    )


def _crowd_of(W, kind):
    ids = [i for i, k in enumerate(W.crowd_kind) if k == kind]
    return ids[int(W.rng_case.integers(0, len(ids)))]


def neg_coworking_fresh_job_post(W, ck):
    c = Ctx(W)
    t0 = c.anchor(lo_days=250)
    F = _established_freelancer(W, c, t0)
    C = W.take(True, created=t0)
    cid = _crowd_of(W, "coworking")
    for a in (C, F):
        W.crowd[a] = cid
        W.crowd_p[a] = 0.5
    cip = fmt_ip4(W.crowd_ip[cid])
    posted = t0 + c.i(5, 30) * MIN
    t = posted + c.i(40, 180) * MIN
    W.custom_logins[C] = True
    W.add_login(C, t0 + c.i(0, 60), cip, W.dev_str(C, 0))
    W.add_login(F, t0 - c.i(10, 120) * MIN, cip, W.dev_str(F, 0))
    _login_stream(
        W,
        c,
        C,
        t0 + HOUR,
        AS_OF,
        3.0,
        lambda: cip if c.p(0.5) else W.ip_home(C),
        lambda: W.dev_str(C, 0),
    )
    _pre_hire_chatter(W, c, C, [F] + W.outside(False, c.i(2, 4)), posted + 5 * MIN, t - MIN)
    W.normal_contract(C, F, t, ck, hire=0, posted=posted, proposals=c.i(5, 30), n_pre=0)
    W.label(ck, "immediate_hire", "legit", [C, F], "coworking_fresh_client_job_post", "negative")


def neg_old_client_invite(W, ck):
    c = Ctx(W)
    t = c.anchor(lo_days=300)
    F = _established_freelancer(W, c, t)
    C = W.take(True, created=t - c.i(180, 600) * DAY)
    W.honest_history(C, c.i(2, 6), W.created[C] + 5 * DAY, t - DAY)
    k = W.add_contract(
        ck,
        client=C,
        freelancer=F,
        created=t,
        hire=1,
        proposals=0,
        pricing=1,
        status=1,
        ended=t + c.i(6 * HOUR, 3 * DAY),
        pay_mode=1,
        msg_rate=0.5,
        n_pre=1,
        wind=1,
    )
    W.add_pay(k, t + c.i(30 * MIN, 8 * HOUR), c.u(100, 1500))
    W.label(ck, "immediate_hire", "legit", [C, F], "old_client_invite_no_competition", "negative")


def neg_fresh_client_interviews(W, ck):
    c = Ctx(W)
    t0 = c.anchor(lo_days=250)
    F = _established_freelancer(W, c, t0)
    C = W.take(True, created=t0)
    posted = t0 + c.i(30, 24 * 60) * MIN
    t = posted + c.i(1, 3) * DAY
    _pre_hire_chatter(W, c, C, [F] + W.outside(False, c.i(2, 4)), posted + HOUR, t - HOUR)
    W.normal_contract(C, F, t, ck, hire=1, posted=posted, proposals=c.i(8, 25), n_pre=1)
    W.label(
        ck, "immediate_hire", "legit", [C, F], "fresh_client_interviews_then_invites", "negative"
    )


def neg_team_member_fresh_account(W, ck):
    c = Ctx(W)
    t = c.anchor(lo_days=300)
    F = _established_freelancer(W, c, t)
    C0 = W.take(True, created=t - c.i(200, 600) * DAY)
    _give_biz(W, c, C0)
    t_old = max(W.created[C0], W.created[F]) + c.i(10, 100) * DAY
    t_old = min(t_old, t - 45 * DAY)
    W.normal_contract(
        C0,
        F,
        t_old,
        ck,
        hire=0,
        posted=t_old - c.i(3, 72) * HOUR,
        proposals=c.i(5, 40),
        pricing=1,
        status=1,
        ended=t_old + c.i(5, 40) * DAY,
    )
    C1 = W.take(True, W.country[C0], created=t - c.i(5, 40) * MIN)
    W.biz[C1], W.shop[C1] = W.biz[C0], W.shop[C0]
    W.email[C1] = f"{W.first[C1]}.{W.last[C1]}@{W.biz[C0]}"
    W.normal_contract(C1, F, t, ck, hire=1, posted=-1, proposals=0, n_pre=0)
    W.label(
        ck,
        "immediate_hire",
        "legit",
        [C0, C1, F],
        "company_new_team_account_invites_known_freelancer",
        "negative",
    )


# ==================================================================================== contact drop-off
PHONE_STYLES = {
    "spelled_en",
    "spelled_foreign",
    "separators",
    "mixed_digit_words",
    "keycap_emoji",
    "other_script_digits",
}
EMAIL_STYLES = {"at_dot_words", "implicit_domain"}
EITHER = {"plain", "split_messages", "lookalike_chars", "zero_width", "spaced_out", "reversed"}


def _compatible(style, kind):
    if kind == "handle":
        return "plain"
    if kind == "email" and style in PHONE_STYLES:
        return "at_dot_words"
    if kind == "phone" and style in EMAIL_STYLES:
        return "separators"
    return style


def _personal_email(W, c, a, domains=None):
    loc = f"{W.first[a]}{c.choice(['.', '', '_'])}{W.last[a]}{c.i(1, 999)}"
    if domains is None:
        domains = [d for d, _ in D.EMAIL_DOMAINS[W.country[a]]]
    return f"{loc}@{c.choice(domains)}"


def _contact_for(W, c, style, sharer, lang):
    if style == "handle_after_channel":
        ch = c.choice(TX.CHANNELS)
        f, l = W.first[sharer], W.last[sharer]
        h = {
            "telegram": f"{f}_{l}{c.i(1, 99)}",
            "t.me": f"{f}{l[:3]}{c.i(1, 999)}",
            "skype": c.choice(
                [f"live:.cid.{int(c.g.integers(0, 2**62)):016x}", f"live:{f}.{l}_{c.i(1, 99)}"]
            ),
            "discord": c.choice([f"{f}{l[0]}#{c.i(1000, 9999)}", f"{f}.{l}{c.i(1, 99)}"]),
            "wechat": c.choice(
                [f"wxid_{int(c.g.integers(0, 2**40)):010x}", f"{f}_{l}{c.i(80, 99)}"]
            ),
            "instagram": f"{f}.{l}.designs",
            "signal": f"{f}.{c.i(10, 99)}",
            "wa.me": W.phone_info(sharer)["e164"],
        }[ch]
        return "handle", (ch, h)
    kind = (
        "phone"
        if style in PHONE_STYLES
        else ("email" if style in EMAIL_STYLES else c.choice(["phone", "email"]))
    )
    if kind == "phone":
        if c.p(0.6):
            pi = W.phone_info(sharer)
            if W.phone[sharer] is None:
                W.phone[sharer] = pi["typed"]
            return "phone", pi
        return "phone", W.new_phone(W.country[sharer])
    if style == "implicit_domain":
        return "email", _personal_email(W, c, sharer, IMPLICIT_DOMAINS.get(lang, ["gmail.com"]))
    own = W.email[sharer]
    if (
        own is not None
        and c.p(0.6)
        and (W.biz[sharer] is None or not own.lower().endswith(W.biz[sharer]))
    ):
        return "email", own
    e = _personal_email(W, c, sharer)
    if c.p(0.3):
        W.email[sharer] = e
    return "email", e


def _dropoff(W, ck, style):
    c = Ctx(W)
    lang_pick = (
        c.choice(["es", "pt", "ru", "de", "hi", "zh", "fr"])
        if style in ("spelled_foreign",)
        else c.choice(["en", "en", "en", "es", "pt", "ru", "de", "hi", "zh"])
    )
    co_f = c.choice(LANG_COUNTRIES[lang_pick])
    co_c = c.choice(LANG_COUNTRIES[lang_pick]) if c.p(0.7) else None
    t0 = c.anchor(lo_days=120, tail_days=220)
    F = W.take(False, co_f, created=t0 - c.i(60, 500) * DAY)
    C = W.take(True, co_c, created=t0 - c.i(1, 60) * DAY)
    lang = W.lang_pair(C, F)
    if style == "spelled_foreign" and TX.LANGS[lang] == "en":
        lang = LANG_IDX[lang_pick]
    ln = TX.LANGS[lang]
    W.honest_history(F, c.i(1, 4), W.created[F] + 10 * DAY, AS_OF - 20 * DAY)
    share = t0 + c.i(3, 20) * WEEK
    msg_until = min(AS_OF - DAY, share + c.i(4, 16) * WEEK)
    st = c.choice([0, 0, 0, 0, 1, 1, 2])
    ended = -1 if st == 0 else share + c.i(1, 14) * DAY
    if c.p(0.6):
        k = W.add_contract(
            ck,
            client=C,
            freelancer=F,
            created=t0,
            hire=c.choice([0, 0, 1]),
            posted=t0 - c.i(2, 72) * HOUR,
            proposals=c.i(3, 40),
            pricing=0,
            status=st,
            ended=ended,
            pay_until=share + c.i(0, 6) * DAY,
            msg_until=msg_until,
            rate=c.u(12, 60),
            hours_mean=c.u(10, 35),
            msg_rate=c.u(1, 3),
            wind=0,
            lang=lang,
            extras=0,
        )
    else:
        k = W.add_contract(
            ck,
            client=C,
            freelancer=F,
            created=t0,
            hire=c.choice([0, 0, 1]),
            posted=t0 - c.i(2, 72) * HOUR,
            proposals=c.i(3, 40),
            pricing=1,
            status=st,
            ended=ended,
            pay_mode=1,
            msg_until=msg_until,
            msg_rate=c.u(1, 3),
            wind=0,
            lang=lang,
            extras=0,
        )
        n = c.i(1, 3)
        for j in range(n):
            W.add_pay(k, t0 + (share - t0) * (j + 1) // (n + 1) + c.i(0, DAY), c.u(100, 900))
    sharer, other = (F, C) if c.p(0.65) else (C, F)
    kind, value = _contact_for(W, c, style, sharer, ln)
    bodies = TX.disguise(
        c.r,
        "plain" if style == "handle_after_channel" else style,
        kind,
        value,
        ln,
        extra=W.country[sharer],
    )
    ts = share
    for b in bodies:
        W.add_msg(k, sharer, other, ts, b)
        ts += c.i(1, 15) * MIN
    W.add_msg(k, other, sharer, ts + c.i(1, 60) * MIN, c.choice(REPLY_OK.get(ln, REPLY_OK["en"])))
    for _ in range(c.i(5, 15)):
        tt = int(c.g.integers(share + DAY, max(share + 2 * DAY, msg_until)))
        s, r = (F, C) if c.p(0.5) else (C, F)
        body = c.choice(TX.OFFCHAN.get(ln, TX.OFFCHAN["en"])) if c.p(0.6) else T(lang, "work")
        W.add_msg(k, s, r, tt, body)
    for a in (C, F):
        _login_stream(
            W, c, a, share + DAY, AS_OF, 4.0, lambda a=a: W.ip_home(a), lambda a=a: W.dev_str(a, 0)
        )
    W.label(ck, "contact_dropoff", "fraud", [sharer, other], style, "planted")


def _mk_drop(style):
    def f(W, ck):
        _dropoff(W, ck, style)

    f.__name__ = "drop_" + style
    return f


# ---------------------------------------------------------------- drop-off negatives
def _pair_for_neg(W, c, t0, client_biz=False):
    ln = c.choice(["en", "en", "es", "pt", "ru", "de", "hi", "zh"])
    F = W.take(False, c.choice(LANG_COUNTRIES[ln]), created=t0 - c.i(60, 500) * DAY)
    C = W.take(
        True, c.choice(LANG_COUNTRIES[ln]) if c.p(0.7) else None, created=t0 - c.i(1, 60) * DAY
    )
    if client_biz:
        _give_biz(W, c, C)
    W.honest_history(F, c.i(1, 3), W.created[F] + 10 * DAY, AS_OF - 20 * DAY)
    return C, F, W.lang_pair(C, F)


def _artefact_keep_paying(W, ck, cat, style):
    c = Ctx(W)
    t0 = c.anchor(lo_days=120, tail_days=200)
    C, F, lang = _pair_for_neg(W, c, t0, client_biz=True)
    if cat == "art_shop" and c.p(0.3):
        W.phone[C] = W.shop[C]  # the owner signed up with the shop's public number
    hourly = c.p(0.65)
    end = t0 + c.i(20, 70) * WEEK
    k = W.add_contract(
        ck,
        client=C,
        freelancer=F,
        created=t0,
        hire=0,
        posted=t0 - c.i(3, 90) * HOUR,
        proposals=c.i(5, 60),
        pricing=0 if hourly else 1,
        status=1,
        ended=end,
        rate=c.u(12, 70),
        hours_mean=c.u(8, 35),
        budget=c.u(600, 5000),
        n_ms=c.i(4, 6),
        msg_rate=c.u(1, 3),
        lang=lang,
    )
    share = t0 + c.i(2, 8) * WEEK
    for j in range(c.i(1, 3)):
        s_, r_ = (F, C) if (cat == "art_cfg" and c.p(0.5)) else (C, F)
        W.add_msg(k, s_, r_, share + j * c.i(1, 5) * DAY, T(lang, cat))
    W.label(ck, "contact_dropoff", "legit", [C, F], style, "negative")


def neg_role_mailbox_keep_paying(W, ck):
    _artefact_keep_paying(W, ck, "art_role", "role_mailbox_artefact_keeps_paying")


def neg_shop_phone_keep_paying(W, ck):
    _artefact_keep_paying(W, ck, "art_shop", "shop_phone_artefact_keeps_paying")


def neg_config_address_keep_paying(W, ck):
    _artefact_keep_paying(W, ck, "art_cfg", "config_address_artefact_keeps_paying")


def neg_personal_contact_keep_paying(W, ck):
    c = Ctx(W)
    t0 = c.anchor(lo_days=120, tail_days=200)
    C, F, lang = _pair_for_neg(W, c, t0)
    ln = TX.LANGS[lang]
    end = t0 + c.i(24, 70) * WEEK
    k = W.add_contract(
        ck,
        client=C,
        freelancer=F,
        created=t0,
        hire=0,
        posted=t0 - c.i(3, 90) * HOUR,
        proposals=c.i(5, 60),
        pricing=0,
        status=1,
        ended=end,
        rate=c.u(12, 70),
        hours_mean=c.u(10, 35),
        msg_rate=c.u(1, 3),
        lang=lang,
    )
    share = t0 + c.i(2, 10) * WEEK
    style = c.choice(
        [
            "plain",
            "plain",
            "at_dot_words",
            "spelled_en",
            "separators",
            "handle_after_channel",
            "zero_width",
        ]
    )
    sharer, other = (F, C) if c.p(0.6) else (C, F)
    kind, value = _contact_for(W, c, style, sharer, ln)
    for b in TX.disguise(c.r, _compatible(style, kind), kind, value, ln):
        W.add_msg(k, sharer, other, share, b)
    for _ in range(c.i(2, 5)):
        s_, r_ = (C, F) if c.p(0.5) else (F, C)
        W.add_msg(
            k,
            s_,
            r_,
            int(c.g.integers(share + DAY, min(end, AS_OF - DAY))),
            c.choice(OFFCHAN_BENIGN.get(ln, OFFCHAN_BENIGN["en"])),
        )
    W.label(
        ck, "contact_dropoff", "legit", [C, F], "personal_contact_shared_keeps_paying", "negative"
    )


def neg_fixed_job_natural_end(W, ck):
    c = Ctx(W)
    t0 = c.anchor(lo_days=120, tail_days=150)
    C, F, lang = _pair_for_neg(W, c, t0, client_biz=True)
    end = t0 + c.i(7, 40) * DAY
    k = W.add_contract(
        ck,
        client=C,
        freelancer=F,
        created=t0,
        hire=0,
        posted=t0 - c.i(3, 90) * HOUR,
        proposals=c.i(5, 60),
        pricing=1,
        status=1,
        ended=end,
        budget=c.u(200, 3000),
        n_ms=c.i(1, 3),
        msg_rate=c.u(2, 5),
        wind=2,
        lang=lang,
    )
    W.add_msg(k, C, F, t0 + (end - t0) // 3, T(lang, c.choice(["art_role", "art_shop", "art_cfg"])))
    W.label(
        ck, "contact_dropoff", "legit", [C, F], "fixed_job_ends_after_artefact_contact", "negative"
    )


def neg_share_then_rehire(W, ck):
    c = Ctx(W)
    t0 = c.anchor(lo_days=120, tail_days=200)
    C, F, lang = _pair_for_neg(W, c, t0)
    ln = TX.LANGS[lang]
    end = t0 + c.i(7, 25) * DAY
    k = W.add_contract(
        ck,
        client=C,
        freelancer=F,
        created=t0,
        hire=0,
        posted=t0 - c.i(3, 90) * HOUR,
        proposals=c.i(5, 60),
        pricing=1,
        status=1,
        ended=end,
        budget=c.u(200, 2000),
        n_ms=c.i(1, 2),
        msg_rate=c.u(1, 3),
        wind=1,
        lang=lang,
    )
    kind, value = _contact_for(W, c, "plain", F, ln)
    for b in TX.disguise(
        c.r, _compatible(c.choice(["plain", "at_dot_words", "separators"]), kind), kind, value, ln
    ):
        W.add_msg(k, F, C, end - c.i(1, 48) * HOUR, b)
    t2 = end + c.i(14, 70) * DAY
    for _ in range(c.i(1, 3)):
        if t2 > AS_OF - 20 * DAY:
            break
        W.normal_contract(C, F, t2, ck, hire=1, posted=-1, proposals=0, n_pre=1, lang=lang)
        t2 += c.i(30, 120) * DAY
    W.label(
        ck,
        "contact_dropoff",
        "legit",
        [C, F],
        "contact_shared_then_rehired_on_platform",
        "negative",
    )


def neg_numbers_pause_resume(W, ck):
    c = Ctx(W)
    t0 = c.anchor(lo_days=120, tail_days=230)
    C, F, lang = _pair_for_neg(W, c, t0)
    k = W.add_contract(
        ck,
        client=C,
        freelancer=F,
        created=t0,
        hire=0,
        posted=t0 - c.i(3, 90) * HOUR,
        proposals=c.i(5, 60),
        pricing=0,
        status=0,
        pay_mode=1,
        msg_rate=c.u(2, 4),
        lang=lang,
    )
    rate, hm = c.u(12, 60), c.u(10, 35)
    gap0 = t0 + c.i(4, 14) * WEEK
    gap1 = gap0 + c.i(3, 6) * WEEK
    wk = t0 - (t0 - 4 * DAY) % WEEK + WEEK
    while wk < AS_OF - DAY:
        if not (gap0 <= wk < gap1):
            W.add_pay(
                k, wk + c.i(HOUR, 10 * HOUR), rate * max(0.5, c.g.gamma(4.0, hm / 4)), "hourly"
            )
        wk += WEEK
    W.add_msg(k, F, C, gap0 - c.i(1, 3) * DAY, T(lang, "pause"))
    for _ in range(c.i(3, 8)):
        s_, r_ = (C, F) if c.p(0.5) else (F, C)
        W.add_msg(k, s_, r_, int(c.g.integers(gap0, gap1)), T(lang, "work"))
    W.add_msg(k, F, C, gap1 - c.i(0, 2) * DAY, T(lang, "pause"))
    W.label(
        ck, "contact_dropoff", "legit", [C, F], "billing_pause_with_numbers_then_resume", "negative"
    )


# ---------------------------------------------------------------- ring negatives
def _new_household(W, members):
    hid = W.n_households
    W.n_households += 1
    for m in members:
        W.household[m] = hid
        W.home4[m] = W.home4[members[0]]
        W.has6[m] = W.has6[members[0]]
        W.v6[m] = W.v6[members[0]]


def neg_household_no_transact(W, ck):
    c = Ctx(W)
    co = _family_country(c)
    k = c.i(2, 4)
    mem = [W.take_bg(c.p(0.4), co) for _ in range(k)]
    co = W.country[mem[0]]
    _new_household(W, mem)
    ip = fmt_ip4(W.home4[mem[0]])
    t = max(int(W.created[m]) for m in mem) + DAY
    _co_login_days(W, c, mem, t, AS_OF, c.i(20, 50), lambda m: ip, lambda m: W.dev_str(m, 0))
    W.label(ck, "ring", "legit", mem, "household_router_no_transactions", "negative")


def _new_crowd(W, kind, dev=False):
    W.crowd_kind.append(kind)
    if kind == "carrier_nat" and W.rng_case.random() < 0.5:
        W.crowd_ip.append(int(W.cgnat[W.rng_case.integers(0, len(W.cgnat))]))
    else:
        W.crowd_ip.append(int(W._rand_pub4()))
    W.crowd_dev.append(
        (int(W.rng_case.integers(0, 2**63)), int(W.rng_case.integers(0, 2**63))) if dev else None
    )
    return len(W.crowd_kind) - 1


def _crowd_pair_transact(W, ck, kind, lo, hi, p, style):
    c = Ctx(W)
    cid = _new_crowd(W, kind, dev=(kind == "cafe"))
    co = (
        c.choice(["IN", "PK", "NG", "PH", "BD", "EG", "KE", "UA", "BR"])
        if kind == "cafe"
        else (c.choice(["US", "IN", "PH", "GB", "PK", "BR"]) if kind == "carrier_nat" else None)
    )
    share = 1.0 if kind == "carrier_nat" else 0.7
    mem = [W.take_bg(c.p(0.35), co if c.p(share) else None) for _ in range(c.i(lo, hi))]
    t = c.anchor(lo_days=200)
    C = W.take(True, co, created=t - c.i(5, 200) * DAY)
    F = W.take(False, co, created=t - c.i(30, 400) * DAY)
    for m in mem + [C, F]:
        W.crowd[m] = cid
        W.crowd_p[m] = p
    W.normal_contract(C, F, t, ck, hire=0, posted=t - c.i(3, 72) * HOUR, proposals=c.i(8, 40))
    _camouflage(W, c, F, 1, 3)
    W.label(ck, "ring", "legit", [C, F] + mem, style, "negative")


def neg_coworking_pair_transact(W, ck):
    _crowd_pair_transact(W, ck, "coworking", 20, 50, 0.4, "coworking_crowd_pair_transacts")


def neg_internet_cafe_device(W, ck):
    _crowd_pair_transact(W, ck, "cafe", 15, 35, 0.7, "internet_cafe_shared_device_pair_transacts")


def neg_campus_pair_transact(W, ck):
    _crowd_pair_transact(W, ck, "campus", 80, 200, 0.5, "campus_crowd_pair_transacts")


def neg_mobile_nat_pair_transact(W, ck):
    _crowd_pair_transact(W, ck, "carrier_nat", 150, 300, 0.45, "mobile_carrier_nat_pair_transacts")


def neg_agency_office(W, ck):
    c = Ctx(W)
    cid = _new_crowd(W, "agency")
    co = c.choice(["IN", "PK", "UA", "PH", "BD", "NG", "EG", "PL", "BR"])
    mem = [W.take_bg(False, co if c.p(0.8) else None) for _ in range(c.i(5, 12))]
    devs = [(int(c.g.integers(0, 2**63)), int(c.g.integers(0, 2**63))) for _ in range(c.i(1, 2))]
    for j, m in enumerate(mem):
        W.crowd[m] = cid
        W.crowd_p[m] = 0.6
        if j % 2 == 0:
            W.dev[m, 2] = devs[j % len(devs)]
            W.ndev[m] = 3
    W.label(ck, "ring", "legit", mem, "agency_office_shared_ip_outside_clients", "negative")


def neg_long_honest_pair(W, ck):
    c = Ctx(W)
    t = c.anchor(lo_days=150, tail_days=300)
    C = W.take(True, created=t - c.i(1, 100) * DAY)
    F = W.take(False, created=t - c.i(30, 400) * DAY)
    end = min(t + c.i(40, 90) * WEEK, AS_OF + WEEK)
    W.add_contract(
        ck,
        client=C,
        freelancer=F,
        created=t,
        hire=0,
        posted=t - c.i(3, 90) * HOUR,
        proposals=c.i(10, 50),
        pricing=0,
        status=1,
        ended=end,
        rate=c.u(15, 80),
        hours_mean=c.u(15, 40),
        msg_rate=c.u(2, 4),
    )
    tt = t + c.i(4, 20) * WEEK
    for _ in range(c.i(2, 5)):
        if tt > AS_OF - 10 * DAY:
            break
        W.normal_contract(C, F, tt, ck, hire=1, posted=-1, proposals=0, pricing=1)
        tt += c.i(3, 15) * WEEK
    _camouflage(W, c, F, 1, 3)
    _camouflage(W, c, C, 0, 2)
    W.label(ck, "ring", "legit", [C, F], "long_honest_repeat_pair", "negative")


def neg_family_card_independent(W, ck):
    c = Ctx(W)
    co = _family_country(c)
    C1 = W.take_bg(True, co)
    C2 = W.take_bg(True, W.country[C1])
    _new_household(W, [C1, C2])
    W.card[C2, 0] = W.card[C1, 0]
    W.ncard[C1] = W.ncard[C2] = 1
    W.label(ck, "ring", "legit", [C1, C2], "family_shared_card_independent_hiring", "negative")


def neg_company_team_block(W, ck):
    c = Ctx(W)
    co = c.choice(["US", "GB", "DE", "CA", "AU", "NL", "US"])
    t = c.anchor(lo_days=150, tail_days=200)
    m = c.i(2, 3)
    mgr = [W.take(True, co, created=t - c.i(1, 300) * DAY) for _ in range(m)]
    _give_biz(W, c, mgr[0])
    for x in mgr[1:]:
        W.biz[x], W.shop[x] = W.biz[mgr[0]], W.shop[mgr[0]]
        W.email[x] = f"{W.first[x]}.{W.last[x]}@{W.biz[mgr[0]]}"
        W.card[x, 0] = W.card[mgr[0], 0]
        W.ncard[x] = 1
    W.ncard[mgr[0]] = 1
    cid = _new_crowd(W, "office")
    for x in mgr:
        W.crowd[x] = cid
        W.crowd_p[x] = 0.6
    frs = [W.take(False, created=t - c.i(60, 600) * DAY) for _ in range(c.i(3, 4))]
    for f in frs:
        _camouflage(W, c, f, 2, 4)
        for x in mgr:
            tt = t + c.i(0, 60) * DAY
            W.add_contract(
                ck,
                client=x,
                freelancer=f,
                created=tt,
                hire=0,
                posted=tt - c.i(3, 90) * HOUR,
                proposals=c.i(10, 50),
                pricing=0,
                status=1,
                ended=tt + c.i(10, 50) * WEEK,
                rate=c.u(25, 90),
                hours_mean=c.u(10, 35),
                msg_rate=c.u(1, 3),
            )
    W.label(ck, "ring", "legit", mgr + frs, "company_team_dense_block_job_posts", "negative")


def neg_lookalike_emails(W, ck):
    c = Ctx(W)
    t = c.anchor(lo_days=150)
    C = W.take(True, created=t - c.i(1, 100) * DAY)
    F = W.take(False, created=t - c.i(30, 400) * DAY)
    f, l, n = W.first[F], W.last[F], c.i(2, 999)
    W.first[C], W.last[C] = f, l
    W.name[C] = f"{f.title()} {l.title()}"
    kind = c.choice(["outlook_dots", "provider", "tld", "digit", "letter"])
    if kind == "outlook_dots":
        a, b = f"{f}.{l}{n}@outlook.com", f"{f}{l}{n}@outlook.com"
    elif kind == "provider":
        a, b = f"{f}.{l}{n}@mail.ru", f"{f}.{l}{n}@bk.ru"
    elif kind == "tld":
        a, b = f"{f}.{l}{n}@yahoo.com", f"{f}.{l}{n}@yahoo.es"
    elif kind == "digit":
        a, b = f"{f}.{l}{n}@gmail.com", f"{f}.{l}{n}1@gmail.com"
    else:
        a, b = f"{f}.{l}{n}@gmail.com", f"{f[:-1] or f}.{l}{n}@gmail.com"
    W.email[F], W.email[C] = a, b
    W.normal_contract(C, F, t, ck, hire=0, posted=t - c.i(3, 72) * HOUR, proposals=c.i(5, 40))
    _camouflage(W, c, F, 1, 3)
    W.label(ck, "ring", "legit", [C, F], "lookalike_but_different_emails", "negative")


def neg_national_format_collision(W, ck):
    c = Ctx(W)
    t = c.anchor(lo_days=150)
    if c.p(0.5):
        C = W.take(True, "GB", created=t - c.i(1, 100) * DAY)
        F = W.take(False, "PK", created=t - c.i(30, 400) * DAY)
        nsn = "3" + "".join(str(c.i(0, 9)) for _ in range(9))
        nsn = nsn[:1] + c.choice(["00", "01", "03", "33", "45"]) + nsn[3:]
        W.phone[C] = f"0{nsn[:3]} {nsn[3:6]} {nsn[6:]}"
        W.phone[F] = c.choice([f"0{nsn[:3]}-{nsn[3:]}", f"0{nsn[:3]} {nsn[3:]}"])
    else:
        C = W.take(True, "CN", created=t - c.i(1, 100) * DAY)
        F = W.take(False, "EG", created=t - c.i(30, 400) * DAY)
        nsn = "10" + "".join(str(c.i(0, 9)) for _ in range(8))
        W.phone[C] = c.choice([f"0{nsn[:2]}-{nsn[2:]}", f"(0{nsn[:2]}) {nsn[2:6]} {nsn[6:]}"])
        W.phone[F] = f"0{nsn[:2]} {nsn[2:6]} {nsn[6:]}"
    W.normal_contract(C, F, t, ck, hire=0, posted=t - c.i(3, 72) * HOUR, proposals=c.i(5, 40))
    _camouflage(W, c, F, 1, 3)
    W.label(ck, "ring", "legit", [C, F], "same_digits_different_country_phones", "negative")


# ==================================================================================== registry
RING_PLANTED = [
    (ring_pair_shared_phone, 1.2),
    (ring_pair_shared_device, 1.2),
    (ring_pair_shared_email, 1.0),
    (ring_trio_shared_card, 1.0),
    (ring_trio_shared_device, 0.8),
    (ring_household_ipv4, 1.0),
    (ring_household_ipv6, 0.6),
    (ring_dense_block, 1.2),
    (ring_mixed_large, 0.8),
    (ring_sockpuppet_clients, 0.8),
]
IMM_PLANTED = [
    (imm_fresh_invite_same_device, 1.5),
    (imm_fresh_invite_same_home_ip, 1.0),
    (imm_fresh_invite_no_link, 1.0),
    (imm_fake_job_post, 1.0),
    (imm_direct_contract_same_device, 1.0),
    (imm_serial_fresh_clients, 0.7),
    (imm_fresh_invite_ipv6_64, 0.6),
]
DROP_STYLES = [
    "plain",
    "spelled_en",
    "spelled_foreign",
    "separators",
    "at_dot_words",
    "split_messages",
    "handle_after_channel",
    "lookalike_chars",
    "zero_width",
    "mixed_digit_words",
    "keycap_emoji",
    "implicit_domain",
    "spaced_out",
    "other_script_digits",
    "reversed",
]
DROP_PLANTED = [(_mk_drop(s), 0.7 if s in ("plain",) else 1.0) for s in DROP_STYLES]

RING_NEG = [
    (neg_household_no_transact, 1.3),
    (neg_coworking_pair_transact, 0.8),
    (neg_agency_office, 0.8),
    (neg_long_honest_pair, 1.2),
    (neg_family_card_independent, 1.0),
    (neg_company_team_block, 0.8),
    (neg_lookalike_emails, 1.0),
    (neg_national_format_collision, 0.8),
    (neg_internet_cafe_device, 0.6),
    (neg_campus_pair_transact, 0.5),
    (neg_mobile_nat_pair_transact, 0.6),
]
IMM_NEG = [
    (neg_fresh_job_post_many_proposals, 1.3),
    (neg_direct_contract_outside_client, 1.3),
    (neg_coworking_fresh_job_post, 0.8),
    (neg_old_client_invite, 1.0),
    (neg_fresh_client_interviews, 1.0),
    (neg_team_member_fresh_account, 0.6),
]
DROP_NEG = [
    (neg_role_mailbox_keep_paying, 1.0),
    (neg_shop_phone_keep_paying, 1.0),
    (neg_config_address_keep_paying, 0.8),
    (neg_personal_contact_keep_paying, 1.3),
    (neg_fixed_job_natural_end, 1.0),
    (neg_share_then_rehire, 1.0),
    (neg_numbers_pause_resume, 1.0),
]


def allocate(total, reg):
    w = np.array([x[1] for x in reg], float)
    if total <= 0:
        return [0] * len(reg)
    raw = w / w.sum() * total
    base = np.floor(raw).astype(int)
    if total >= len(reg):
        base = np.maximum(base, 1)
    rem = total - base.sum()
    order = np.argsort(-(raw - np.floor(raw)), kind="stable")
    k = 0
    while rem > 0:
        base[order[k % len(reg)]] += 1
        rem -= 1
        k += 1
    while rem < 0:
        j = int(np.argmax(base))
        base[j] -= 1
        rem += 1
    return base.tolist()


def build_all(W):
    N = W.N
    plan = [
        ("ring", "rg", RING_PLANTED, round(N / 1000)),
        ("immediate_hire", "ih", IMM_PLANTED, round(N / 1000)),
        ("contact_dropoff", "cd", DROP_PLANTED, round(1.5 * N / 1000)),
        ("ring", "rgn", RING_NEG, round(N / 1000)),
        ("immediate_hire", "ihn", IMM_NEG, round(N / 1000)),
        ("contact_dropoff", "cdn", DROP_NEG, round(1.5 * N / 1000)),
    ]
    jobs = []
    for pattern, pfx, reg, total in plan:
        for (fn, _), cnt in zip(reg, allocate(max(1, total), reg)):
            for _ in range(cnt):
                jobs.append((pfx, fn))
    # interleave styles so that no builder order is visible in ids / times
    order = W.rng_case.permutation(len(jobs))
    seq = {}
    for j in order:
        pfx, fn = jobs[j]
        seq[pfx] = seq.get(pfx, 0) + 1
        fn(W, f"{pfx}-{seq[pfx]:05d}")
