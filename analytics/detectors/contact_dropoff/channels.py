"""Words that name the other channel after a contact was shared: what an investigator reads first.

"Replied on telegram", "check your whatsapp", "sent it to your email", "call you tonight": once a
pair talks off the platform, their workroom messages refer to it. These are rules (word lists),
not weights; the drop-off score weighs how many such messages follow the contact
(``weight_channel_mentions``). One RE2 pattern, matched in DuckDB on the lower-cased body of the
pair's messages after the contact, so it is set work over the pair's messages, never a loop.
"""

from __future__ import annotations

# Messenger names in the spellings people type, short forms and other scripts included.
MESSENGERS = (
    r"whats\s?app|whatsap|wats\s?app|watsap|wa\.me|telegram|telegrama|telegramm|"
    r"телеграм\w*|телег\w*|signal|skype|скайп\w*|wechat|weixin|微信|viber|вайбер\w*|"
    r"вотсап\w*|ватсап\w*|kakao\w*|line app|discord"
)

# Channels that need a verb and a possessive to count ("sent it to your email"): email and
# phone numbers are also talked about in honest work ("the email template", "the phone field").
DIRECT = r"e-?mail|mail|gmail|inbox|почт\w*|correo|phone|cell|mobile|number|sms|texts|dms?|whats"
POSSESSIVE = (
    r"your|my|ur|mi|tu|su|meu|seu|teu|твою|мою|твой|мой|deine|meine|dein|mein|ton|mon|ta|ma"
)

# Word start that also works for Cyrillic (RE2's \b only knows ASCII letters).
_START = r"(?:^|[^\p{L}\p{N}])"

# "on whatsapp", "via telegram", "por whatsapp", "pelo zap", "в телеграме", "per whatsapp",
# "sur whatsapp", "whatsapp pe/par" (Hindi in Latin script), "на почту", "微信上"
_ON_MESSENGER = (
    rf"{_START}(?:on|in|via|over|through|by|per|por|pelo|pela|no|na|sur|auf|über|в|во|по|на)\s+"
    rf"(?:my\s+|your\s+|the\s+|mi\s+|tu\s+|meu\s+|seu\s+)?(?:{MESSENGERS})"
    rf"|(?:{MESSENGERS})\s+(?:pe|par|mein|pr)\s"
    rf"|{_START}(?:pelo|no|pro)\s+zap|zapzap|{_START}(?:на|по)\s+почт\w*|{_START}в\s+личк\w*"
    r"|微信上|微信里|加微信|微信聊"
)

_VERBS = (
    r"sent|send|sending|forwarded|replied|reply|answered|answer|wrote|write|texted|"
    r"messaged|message|pinged|ping|check|checking|checked|see|saw|got|received|"
    r"mandé|mandei|envié|enviei|escribí|escrevi|respondí|respondi|revisa|olha|"
    r"написал\w*|отправил\w*|скинул\w*|ответил\w*|проверь|глянь|"
    r"geschickt|geschrieben|gemailt|schau|envoyé|écrit|regarde"
)

# "sent it to your email", "check your inbox", "replied on whatsapp", "call you", "text me"
_VERB_CHANNEL = (
    rf"{_START}(?:{_VERBS})(?:\s+[^.!?\n]{{0,24}}?)?\s(?:{POSSESSIVE})\s+(?:{DIRECT})"
    rf"(?:$|[^\p{{L}}\p{{N}}])"
    rf"|{_START}(?:{_VERBS})\s[^.!?\n]{{0,24}}?(?:{MESSENGERS})"
    r"|\b(?:call|ring|phone|text|dm|pm|whatsapp|telegram)\s+(?:you|me|u)\b"
    rf"|{_START}(?:llamo|llámame|te ligo|me liga|позвоню|позвони|набери|ruf\s+(?:mich|dich)\s+an"
    r"|call karo|call karta|call karunga)(?:$|[^\p{L}\p{N}])"
)

CHANNEL_REFERENCE = rf"(?:{_ON_MESSENGER}|{_VERB_CHANNEL})"
