"""Message text for the red-team marketplace: templates (vectorized filling) and
contact disguises (scalar, used only by planted cases and hard negatives)."""

import re

import numpy as np
import polars as pl
from rt_data import CFG_BOXES, ROLE_BOXES

LANGS = ["en", "es", "pt", "ru", "de", "hi", "zh", "fr"]

# ------------------------------------------------------------------------------------
# Templates.  {slot} is filled by a vectorized generator (see SLOTS below).
# ------------------------------------------------------------------------------------
T = {}
T["en"] = dict(
    work=[
        "Pushed {ver} to staging, the login bug on pages {pages} is fixed.",
        "Invoice {inv} for {amount} is attached, it covers {date} to {date2}.",
        "The server at {ip} is running out of disk, I cleaned up {gb} GB of logs.",
        "Order {order} was refunded by the supplier, can you update the sheet?",
        "Meeting at {time} tomorrow works for me.",
        "I logged {hours} hours this week on the checkout flow.",
        "Tracking number for the samples: {track}",
        "Conversion went up {pct} after the new landing page went live.",
        "Please check rows {num} to {num2} of the spreadsheet, the prices look off.",
        "The ISBN for the second edition is {isbn}, please use it on the back cover.",
        "Deployed build {num} (commit {sha}) to production.",
        "Port {port} is blocked by the firewall on {ip}, can you open it?",
        "Ticket {ticket}: a customer says the coupon does not apply to orders over {amount}.",
        "Delivered {qty} product descriptions, {qty2} more by {date}.",
        "Can you resize the banner to {w}x{h}? The current one is blurry.",
        "Zip code {zip} should get free shipping, it's still charging {amount}.",
        "Draft of chapter {qty} is ready, pages {pages}.",
        "Migrated {num} records, {num2} failed validation, log attached.",
        "The EAN {ean} is duplicated in the feed, which one is correct?",
        "Booking reference {ref} shows the wrong date ({date}).",
        "Updated the API to {ver}; the old endpoint stays up until {date}.",
        "Budget for phase 2 is {amount}, let me know if that works.",
        "Reminder: the deadline is {date}, I need the copy by then.",
        "I fixed the CSS on the pricing page, please check on mobile.",
        "Replaced the hero image and compressed everything, page weight down {pct}.",
        "The DNS record for the staging server should point to {ip}.",
        "{sku} is out of stock, should I hide it?",
        "Can we do a quick call at {time}? I have a question about the database schema.",
        "The report for {date} is uploaded to the shared folder.",
        "Q{q} numbers: revenue {amount}, {qty} new customers.",
        "I need access to the admin panel, the invite link expired.",
        "Done with the translation of pages {pages}, starting the glossary now.",
        "The cron job runs every {qty} minutes, should I make it hourly?",
        "Paid ads spend this week: {amount}, CPC down {pct}.",
        "Ok, thanks!",
        "Sounds good.",
        "Will do.",
        "Got it, thanks.",
        "Any update on this?",
        "Looks great 👍",
        "Perfect, approved.",
        "Working on it now.",
        "Sure, no problem.",
        "I'll have it ready by {date}.",
        "See attached, version {ver}.",
        "Let me check and get back to you.",
    ],
    pre_f=[
        "Hi, I saw your job post and I have {years} years of experience with exactly this.",
        "Hello! I can deliver this in {days} days, my portfolio is on my profile.",
        "Thanks for the invite. I'm available to start on {date}.",
        "Hi, my rate for this scope would be {amount}, delivery in {days} days.",
        "Hello, I did a very similar project last month ({qty} pages). Happy to discuss.",
    ],
    pre_c=[
        "Hi, thanks for applying. Can you share a similar project you did?",
        "Hello, could you start this week? Budget is around {amount}.",
        "Hi! I'd like to invite you to my project, are you available?",
        "Thanks, your profile looks great. When can you start?",
    ],
    wind=[
        "Thank you so much, it was a pleasure working with you!",
        "All done, closing the contract now. Thanks again!",
        "Great job, I left you a 5-star review.",
        "Thanks! I'll post a new job here when the next phase starts.",
        "Final files delivered, thanks for the smooth collaboration.",
        "Thanks for the kind review, good luck with the launch!",
    ],
    artefact=[
        "Please set the contact form to deliver to {role_mail}.",
        "Customers should write to {role_mail}, put it in the footer.",
        "Our shop phone for the header is {shop_phone}.",
        "Use {cfg_mail} as the sender address in the SMTP settings.",
        "Add {role_mail} as the reply-to on order confirmations.",
        "Put the store number {shop_phone} on the Google Maps listing and the contact page.",
        "The DMARC record should send reports to mailto:{cfg_mail}",
        "Click-to-call button should dial {shop_phone}.",
        "Forward the WooCommerce new-order emails to {role_mail} please.",
        "In the schema markup use telephone {shop_phone} and email {role_mail}.",
    ],
    chanref=[
        "I'll send the big files via WeTransfer, the upload limit here is too small.",
        "Let's jump on a Zoom call at {time} to go through it.",
        "I emailed the invoice copy to our accounting, all good.",
        "Shared the Google Drive folder with you.",
    ],
    pause=[
        "Heads up: I'm on vacation until {date}, I'll pause the hours until then.",
        "Back from vacation, resuming the work today.",
        "We are waiting for the client's feedback, let's pause billing for a couple of weeks.",
        "Ok, resuming now, the feedback came in.",
    ],
)
T["es"] = dict(
    work=[
        "Subí la versión {ver} al servidor de pruebas.",
        "La factura {inv} por {amount} ya está enviada.",
        "El pedido {order} llegó incompleto, ¿lo reviso con el proveedor?",
        "Trabajé {hours} horas esta semana en el módulo de pagos.",
        "¿Podemos hablar mañana a las {time}?",
        "El servidor {ip} no responde en el puerto {port}.",
        "Revisé las páginas {pages}, hay errores de traducción.",
        "Entregué {qty} descripciones, faltan {qty2} para el {date}.",
        "El código postal {zip} debería tener envío gratis.",
        "Las ventas subieron un {pct} con la nueva portada.",
        "El número de seguimiento es {track}.",
        "Migré {num} registros, {num2} con errores.",
        "Perfecto, gracias.",
        "Vale, lo veo.",
        "¿Alguna novedad?",
        "Listo 👍",
        "De acuerdo, mañana lo tengo.",
        "El presupuesto de la fase 2 es {amount}.",
    ],
    pre_f=[
        "Hola, vi tu oferta y tengo {years} años de experiencia en esto.",
        "Hola, puedo entregarlo en {days} días.",
        "Gracias por la invitación, puedo empezar el {date}.",
    ],
    pre_c=[
        "Hola, gracias por postularte. ¿Tienes un proyecto parecido?",
        "Hola, ¿puedes empezar esta semana?",
    ],
    wind=[
        "¡Muchas gracias, fue un placer trabajar contigo!",
        "Cierro el contrato, gracias por todo.",
        "Te dejé 5 estrellas, ¡excelente trabajo!",
    ],
    artefact=[
        "El formulario de contacto debe enviar a {role_mail}.",
        "El teléfono de la tienda es {shop_phone}, ponlo en la cabecera.",
        "Usa {cfg_mail} como remitente en la configuración SMTP.",
        "En el pie de página pon {role_mail} y el teléfono {shop_phone}.",
    ],
    chanref=[
        "Te paso los archivos grandes por WeTransfer.",
        "¿Hacemos una videollamada a las {time}?",
    ],
    pause=["Estoy de vacaciones hasta el {date}, pauso las horas.", "Ya volví, retomo hoy."],
)
T["pt"] = dict(
    work=[
        "Subi a versão {ver} no servidor de homologação.",
        "A nota fiscal {inv} no valor de {amount} foi emitida.",
        "O pedido {order} foi entregue ontem.",
        "Trabalhei {hours} horas nesta semana.",
        "Podemos conversar amanhã às {time}?",
        "Corrigi as páginas {pages} do manual.",
        "O servidor {ip} não responde na porta {port}.",
        "Entreguei {qty} textos, faltam {qty2} até {date}.",
        "O CEP {zip} deveria ter frete grátis.",
        "O rastreio é {track}.",
        "A conversão subiu {pct} depois da nova página.",
        "Beleza, obrigado!",
        "Show, vou ver.",
        "Alguma novidade?",
        "Fechado 👍",
        "Pode deixar.",
        "O orçamento da fase 2 é {amount}.",
    ],
    pre_f=[
        "Olá, vi seu projeto e tenho {years} anos de experiência nisso.",
        "Oi, consigo entregar em {days} dias.",
    ],
    pre_c=[
        "Oi, obrigado pela proposta. Tem algum projeto parecido?",
        "Olá, pode começar essa semana?",
    ],
    wind=[
        "Muito obrigado, foi um prazer trabalhar com você!",
        "Vou encerrar o contrato, valeu por tudo!",
        "Deixei 5 estrelas, ótimo trabalho!",
    ],
    artefact=[
        "O formulário de contato tem que mandar para {role_mail}.",
        "O telefone da loja é {shop_phone}, coloca no rodapé.",
        "Configura o remetente SMTP como {cfg_mail}.",
        "No botão do WhatsApp da loja usa o número {shop_phone}.",
    ],
    chanref=["Te mando os arquivos grandes pelo WeTransfer.", "Fazemos uma call às {time}?"],
    pause=["Estou de férias até {date}, vou pausar as horas.", "Voltei, retomando hoje."],
)
T["ru"] = dict(
    work=[
        "Залил версию {ver} на тестовый сервер.",
        "Счёт {inv} на сумму {amount} отправил.",
        "Заказ {order} пришёл не полностью.",
        "На этой неделе отработал {hours} часов.",
        "Созвонимся завтра в {time}?",
        "Сервер {ip} не отвечает на порту {port}.",
        "Проверил страницы {pages}, есть опечатки.",
        "Сделал {qty} карточек товаров, ещё {qty2} к {date}.",
        "Трек-номер посылки {track}.",
        "Конверсия выросла на {pct} после нового лендинга.",
        "Перенёс {num} записей, {num2} с ошибками.",
        "Ок, спасибо!",
        "Понял, сделаю.",
        "Есть новости?",
        "Готово 👍",
        "Хорошо, завтра будет.",
        "Бюджет на второй этап {amount}.",
    ],
    pre_f=[
        "Здравствуйте, видел ваш проект, опыт {years} лет.",
        "Добрый день, сделаю за {days} дней.",
    ],
    pre_c=[
        "Здравствуйте, спасибо за отклик. Есть похожие работы?",
        "Привет, сможешь начать на этой неделе?",
    ],
    wind=[
        "Спасибо большое, было приятно работать!",
        "Закрываю контракт, спасибо!",
        "Поставил 5 звёзд, отличная работа!",
    ],
    artefact=[
        "Форму обратной связи направь на {role_mail}.",
        "Телефон магазина для шапки сайта: {shop_phone}.",
        "В настройках SMTP отправитель {cfg_mail}.",
        "В футер поставь {role_mail} и {shop_phone}.",
    ],
    chanref=["Большие файлы скину через WeTransfer.", "Созвон в {time} по Zoom?"],
    pause=["Я в отпуске до {date}, часы пока не ставлю.", "Вернулся, продолжаю сегодня."],
)
T["de"] = dict(
    work=[
        "Version {ver} ist auf dem Staging-Server.",
        "Rechnung {inv} über {amount} ist raus.",
        "Bestellung {order} ist unvollständig angekommen.",
        "Diese Woche {hours} Stunden gearbeitet.",
        "Passt es morgen um {time}?",
        "Der Server {ip} antwortet nicht auf Port {port}.",
        "Seiten {pages} sind korrigiert.",
        "{qty} Produkttexte geliefert, {qty2} folgen bis {date}.",
        "Die Sendungsnummer ist {track}.",
        "Die Conversion ist um {pct} gestiegen.",
        "{num} Datensätze migriert, {num2} fehlerhaft.",
        "Danke, passt!",
        "Alles klar, mache ich.",
        "Gibt es schon Neuigkeiten?",
        "Erledigt 👍",
        "Das Budget für Phase 2 liegt bei {amount}.",
    ],
    pre_f=[
        "Hallo, ich habe {years} Jahre Erfahrung mit genau so etwas.",
        "Hallo, Lieferung in {days} Tagen möglich.",
    ],
    pre_c=[
        "Hallo, danke für die Bewerbung. Haben Sie ein ähnliches Projekt?",
        "Können Sie diese Woche anfangen?",
    ],
    wind=[
        "Vielen Dank, war eine tolle Zusammenarbeit!",
        "Ich schließe den Vertrag, danke!",
        "5 Sterne gegeben, super Arbeit!",
    ],
    artefact=[
        "Das Kontaktformular soll an {role_mail} gehen.",
        "Die Telefonnummer vom Laden fürs Impressum: {shop_phone}.",
        "Als Absender im SMTP bitte {cfg_mail} eintragen.",
        "Im Impressum: {role_mail}, Tel. {shop_phone}.",
    ],
    chanref=["Die großen Dateien schicke ich per WeTransfer.", "Kurzer Call um {time}?"],
    pause=[
        "Ich bin bis {date} im Urlaub, Stunden pausiert.",
        "Zurück aus dem Urlaub, es geht weiter.",
    ],
)
T["hi"] = dict(
    work=[
        "Maine {ver} staging pe daal diya hai.",
        "Invoice {inv} bhej diya, {amount} ka hai.",
        "Order {order} abhi tak nahi aaya.",
        "Is hafte {hours} ghante kaam kiya.",
        "Kal {time} baje call kar lete hain?",
        "Server {ip} port {port} pe respond nahi kar raha.",
        "Pages {pages} check kar liye, kuch galtiyan hain.",
        "{qty} descriptions ho gaye, {qty2} baaki hain {date} tak.",
        "Tracking number {track} hai.",
        "Conversion {pct} badh gaya naye page se.",
        "Theek hai, thanks!",
        "Ho jayega.",
        "Koi update?",
        "Done 👍",
        "Kal tak bhej dunga.",
        "Phase 2 ka budget {amount} hai.",
    ],
    pre_f=[
        "Hi sir, mujhe is kaam ka {years} saal ka experience hai.",
        "Hello, {days} din mein deliver kar dunga.",
    ],
    pre_c=[
        "Hi, proposal ke liye thanks. Koi similar project dikha sakte ho?",
        "Is hafte start kar sakte ho?",
    ],
    wind=[
        "Bahut shukriya, aapke saath kaam karke maza aaya!",
        "Contract close kar raha hoon, thanks!",
        "5 star de diya, badhiya kaam!",
    ],
    artefact=[
        "Contact form ka mail {role_mail} pe aana chahiye.",
        "Shop ka number {shop_phone} header mein daal do.",
        "SMTP mein sender {cfg_mail} rakhna.",
    ],
    chanref=["Badi files WeTransfer se bhej raha hoon.", "{time} baje Zoom call karein?"],
    pause=[
        "Main {date} tak chhutti pe hoon, hours pause kar raha hoon.",
        "Wapas aa gaya, aaj se shuru.",
    ],
)
T["zh"] = dict(
    work=[
        "已经把 {ver} 部署到测试服务器了。",
        "发票 {inv} 金额 {amount} 已发送。",
        "订单 {order} 还没到。",
        "这周工作了 {hours} 小时。",
        "明天 {time} 开会可以吗？",
        "服务器 {ip} 的 {port} 端口连不上。",
        "第 {pages} 页已经校对完了。",
        "完成了 {qty} 个商品描述，{date} 前再交 {qty2} 个。",
        "快递单号 {track}。",
        "新页面上线后转化率提高了 {pct}。",
        "好的，谢谢！",
        "收到。",
        "有进展吗？",
        "完成了 👍",
        "明天给你。",
        "第二阶段预算 {amount}。",
    ],
    pre_f=["你好，我有 {years} 年相关经验。", "你好，{days} 天可以交付。"],
    pre_c=["你好，谢谢投标，有类似的案例吗？", "这周可以开始吗？"],
    wind=["非常感谢，合作愉快！", "我这边结束合同了，谢谢！", "给了五星好评，辛苦了！"],
    artefact=[
        "联系表单发送到 {role_mail}。",
        "店铺电话 {shop_phone} 放在页脚。",
        "SMTP 发件人设置为 {cfg_mail}。",
    ],
    chanref=["大文件我用 WeTransfer 发。", "{time} 开个视频会？"],
    pause=["我休假到 {date}，工时先暂停。", "我回来了，今天继续。"],
)
T["fr"] = dict(
    work=[
        "J'ai déployé la version {ver} sur le serveur de test.",
        "La facture {inv} de {amount} est envoyée.",
        "La commande {order} est arrivée incomplète.",
        "J'ai travaillé {hours} heures cette semaine.",
        "On se parle demain à {time} ?",
        "Le serveur {ip} ne répond pas sur le port {port}.",
        "Pages {pages} corrigées.",
        "Le numéro de suivi est {track}.",
        "Merci, parfait !",
        "D'accord, je regarde.",
        "Des nouvelles ?",
        "C'est fait 👍",
    ],
    pre_f=["Bonjour, j'ai {years} ans d'expérience sur ce type de projet."],
    pre_c=["Bonjour, merci pour votre proposition. Pouvez-vous commencer cette semaine ?"],
    wind=["Merci beaucoup, ce fut un plaisir !", "Je clôture le contrat, merci !"],
    artefact=[
        "Le formulaire de contact doit envoyer à {role_mail}.",
        "Le téléphone de la boutique : {shop_phone}.",
        "Mettez {cfg_mail} comme expéditeur SMTP.",
    ],
    chanref=["Je t'envoie les gros fichiers par WeTransfer."],
    pause=["Je suis en congés jusqu'au {date}.", "De retour, je reprends."],
)

# after a drop-off: references to the other channel, off-platform payment, ordinary talk
OFFCHAN = {
    "en": [
        "Sent it on WhatsApp.",
        "Check your email, I sent the files there.",
        "Replied on Telegram.",
        "Did you see my message on WhatsApp?",
        "I'll send the rest through the other channel.",
        "Sent the payment to your PayPal, let me know when it arrives.",
        "Wise transfer done for this week.",
        "Call me when you're free, same number.",
        "Answered you by email.",
        "Check Telegram pls",
    ],
    "es": [
        "Te lo mandé por WhatsApp.",
        "Revisa tu correo.",
        "Ya te hice la transferencia.",
        "Te escribí por Telegram.",
        "Mira el WhatsApp porfa.",
    ],
    "pt": [
        "Te mandei no zap.",
        "Olha teu email.",
        "Fiz o Pix, confere aí.",
        "Te chamei no Telegram.",
        "Respondi lá no zap.",
    ],
    "ru": [
        "Скинул в телегу.",
        "Проверь почту.",
        "Перевёл на карту, проверь.",
        "Ответил в телеграме.",
        "Глянь вотсап.",
    ],
    "de": [
        "Hab's dir per WhatsApp geschickt.",
        "Schau mal in deine Mails.",
        "Überweisung ist raus.",
        "Hab auf Telegram geantwortet.",
    ],
    "hi": [
        "WhatsApp pe bhej diya hai.",
        "Email check karo.",
        "Paise bhej diye, check kar lo.",
        "Telegram pe reply kiya hai.",
    ],
    "zh": ["微信发你了。", "看一下邮箱。", "钱转给你了，查收一下。", "微信上回复你了。"],
    "fr": ["Je te l'ai envoyé sur WhatsApp.", "Regarde tes mails.", "Virement fait."],
}

LEADIN = {
    "phone": {
        "en": [
            "Let's move to WhatsApp, it's easier: {c}",
            "Add me on WhatsApp {c}",
            "Here's my number, text me: {c}",
            "To avoid the fees, call me directly: {c}",
            "You can reach me faster at {c}",
            "my whatsapp {c}",
        ],
        "es": [
            "Mejor hablamos por WhatsApp: {c}",
            "Mi número es {c}",
            "Escríbeme al {c} y nos ahorramos la comisión",
        ],
        "pt": [
            "Me chama no zap: {c}",
            "Vamos falar por fora pra não pagar taxa, meu número {c}",
            "meu whats {c}",
        ],
        "ru": ["Мой номер {c}", "Пиши в вотсап, без комиссии: {c}", "Звони напрямую {c}"],
        "de": ["Meine Nummer: {c}", "Schreib mir auf WhatsApp {c}, dann sparen wir die Gebühren"],
        "hi": [
            "Mera number {c} hai",
            "WhatsApp pe baat karte hain: {c}",
            "Direct call karo, fees bachegi {c}",
        ],
        "zh": ["我的手机号是 {c}", "加我微信，手机号 {c}", "我们直接联系，省手续费：{c}"],
        "fr": ["Mon numéro : {c}", "Passons sur WhatsApp : {c}"],
    },
    "email": {
        "en": [
            "My personal email is {c}, send the files there",
            "Write me directly at {c}, the fees here are crazy",
            "email me: {c}",
            "Let's continue by email, {c}",
        ],
        "es": ["Mi correo personal: {c}", "Escríbeme directo a {c}"],
        "pt": ["Meu email pessoal é {c}", "Me manda no email {c}"],
        "ru": ["Моя почта {c}", "Пиши на почту {c}, без комиссии"],
        "de": ["Meine private Mail: {c}", "Schreib mir direkt an {c}"],
        "hi": ["Mera email {c} hai", "Direct mail karo {c}"],
        "zh": ["我的邮箱 {c}", "直接发邮件给我 {c}"],
        "fr": ["Mon mail perso : {c}", "Écris-moi directement à {c}, on évite les frais"],
    },
}

DIGIT_WORDS = {
    "en": ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"],
    "es": ["cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve"],
    "pt": ["zero", "um", "dois", "três", "quatro", "cinco", "meia", "sete", "oito", "nove"],
    "ru": ["ноль", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять"],
    "de": ["null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun"],
    "hi": ["shunya", "ek", "do", "teen", "chaar", "paanch", "chhah", "saat", "aath", "nau"],
    "zh": ["零", "幺", "二", "三", "四", "五", "六", "七", "八", "九"],
    "fr": ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"],
}
PLUS_WORD = {
    "en": "plus",
    "es": "más",
    "pt": "mais",
    "ru": "плюс",
    "de": "plus",
    "hi": "plus",
    "zh": "加",
    "fr": "plus",
}
AT_WORDS = {
    "en": [" at ", " (at) ", " [at] ", " AT "],
    "es": [" arroba ", " (arroba) "],
    "pt": [" arroba "],
    "ru": [" собака ", " собачка "],
    "de": [" ät ", " (at) ", " klammeraffe "],
    "hi": [" at the rate "],
    "zh": [" 艾特 ", "#"],
    "fr": [" arobase "],
}
DOT_WORDS = {
    "en": [" dot ", " (dot) ", " [dot] "],
    "es": [" punto "],
    "pt": [" ponto "],
    "ru": [" точка "],
    "de": [" punkt "],
    "hi": [" dot "],
    "zh": [" 点 "],
    "fr": [" point "],
}
SCRIPT_DIGITS = {
    "deva": "०१२३४५६७८९",
    "arab": "٠١٢٣٤٥٦٧٨٩",
    "pers": "۰۱۲۳۴۵۶۷۸۹",
    "full": "０１２３４５６７８９",
    "beng": "০১২৩৪৫৬৭৮৯",
}
HOMO = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "i": "і", "y": "у"}
ZW = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]
KEYCAP = "\ufe0f\u20e3"
BACKWARDS = {
    "en": "read it backwards: {c}",
    "es": "léelo al revés: {c}",
    "pt": "lê de trás pra frente: {c}",
    "ru": "читай наоборот: {c}",
    "de": "rückwärts lesen: {c}",
    "hi": "ulta padho: {c}",
    "zh": "倒着读：{c}",
    "fr": "à lire à l'envers : {c}",
}
IMPLICIT = {
    "gmail.com": [
        "my gmail is {l}",
        "gmail: {l}",
        "mi gmail es {l}",
        "meu gmail é {l}",
        "gmail id {l}",
    ],
    "yandex.ru": ["мой яндекс {l}", "ящик на яндексе {l}"],
    "mail.ru": ["мой мейл ру {l}", "почта на мейлру {l}"],
    "outlook.com": ["my outlook is {l}"],
    "hotmail.com": ["my hotmail is {l}", "mi hotmail {l}"],
    "yahoo.com": ["my yahoo id {l}"],
    "qq.com": ["我的QQ号 {l}", "QQ {l}"],
    "163.com": ["网易邮箱 {l}"],
}
CHANNELS = ["telegram", "skype", "discord", "wechat", "instagram", "signal", "wa.me", "t.me"]


# ------------------------------------------------------------------------------------
# vectorized slot generators
# ------------------------------------------------------------------------------------
def _s(a):
    return pl.Series(a).cast(pl.String)


def _pick(rng, variants):
    n = len(variants[0])
    idx = rng.integers(0, len(variants), n)
    df = pl.DataFrame({f"v{i}": v for i, v in enumerate(variants)}).with_columns(_i=pl.Series(idx))
    e = pl.when(pl.col("_i") == 0).then(pl.col("v0"))
    for i in range(1, len(variants)):
        e = e.when(pl.col("_i") == i).then(pl.col(f"v{i}"))
    return df.select(e.alias("x")).to_series()


def _cat(*parts):
    """concat Series/str parts row-wise"""
    n = max(len(p) for p in parts if isinstance(p, pl.Series))
    exprs, data = [], {}
    for i, p in enumerate(parts):
        if isinstance(p, pl.Series):
            data[f"p{i}"] = p
            exprs.append(pl.col(f"p{i}"))
        else:
            exprs.append(pl.lit(p))
    return pl.DataFrame(data, height=n).select(pl.concat_str(exprs).alias("x")).to_series()


def _zf(rng, n, lo, hi, w):
    return _s(rng.integers(lo, hi, n)).str.zfill(w)


MON = np.array(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"])
HEX = np.array(list("0123456789abcdef"))
ALNUM = np.array(list("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"))


def _randstr(rng, n, alphabet, k):
    m = alphabet[rng.integers(0, len(alphabet), (n, k))]
    return (
        pl.DataFrame({f"c{j}": m[:, j] for j in range(k)})
        .select(pl.concat_str(pl.all()).alias("x"))
        .to_series()
    )


def g_amount(rng, n, ctx):
    k = (np.exp(rng.normal(5.2, 1.0, n)) + 5).astype(np.int64)
    ks = _s(k)
    th = _cat(_s(k // 1000), ",", _s(k % 1000).str.zfill(3))
    th = pl.DataFrame({"k": k, "th": th, "ks": ks}).select(
        pl.when(pl.col("k") >= 1000).then("th").otherwise("ks")
    )["th"]
    return _pick(
        rng,
        [
            _cat("$", ks),
            _cat(ks, " USD"),
            _cat("$", ks, ".00"),
            _cat("USD ", ks),
            _cat("$", th),
            _cat(ks, " $"),
        ],
    )


def g_date(rng, n, ctx):
    y = _s(rng.integers(2023, 2026, n))
    m = rng.integers(1, 13, n)
    d = _s(rng.integers(1, 29, n))
    ms, dz = _s(m).str.zfill(2), d.str.zfill(2)
    return _pick(
        rng,
        [
            _cat(y, "-", ms, "-", dz),
            _cat(dz, "/", ms),
            _cat(dz, ".", ms, ".", y),
            _cat(ms, "/", dz, "/", y),
            _cat(_s(MON[m - 1]), " ", d),
        ],
    )


def g_inv(rng, n, ctx):
    return _pick(
        rng,
        [
            _cat("INV-", _s(rng.integers(2023, 2026, n)), "-", _zf(rng, n, 1, 99999, 5)),
            _cat("#", _zf(rng, n, 1000, 999999, 6)),
            _cat(_s(rng.integers(2023, 2026, n)), "/", _zf(rng, n, 1, 9999, 4)),
        ],
    )


def g_ver(rng, n, ctx):
    a, b, c = (_s(rng.integers(0, x, n)) for x in (6, 30, 40))
    return _pick(
        rng,
        [
            _cat("v", a, ".", b, ".", c),
            _cat(a, ".", b),
            _cat(a, ".", b, ".", c, "-rc", _s(rng.integers(1, 5, n))),
        ],
    )


def g_pages(rng, n, ctx):
    a = rng.integers(1, 300, n)
    b = a + rng.integers(1, 60, n)
    return _pick(
        rng, [_cat(_s(a), "-", _s(b)), _cat("pp. ", _s(a), "–", _s(b)), _cat(_s(a), " to ", _s(b))]
    )


def g_order(rng, n, ctx):
    return _pick(
        rng,
        [
            _cat(
                "#",
                _zf(rng, n, 100, 999, 3),
                "-",
                _zf(rng, n, 0, 9999999, 7),
                "-",
                _zf(rng, n, 0, 9999999, 7),
            ),
            _cat("ORD-", _zf(rng, n, 0, 999999, 6)),
            _cat("40", _zf(rng, n, 0, 99999999, 8)),
            _cat("№", _zf(rng, n, 0, 99999, 5)),
            _cat("#", _zf(rng, n, 1000, 99999, 5)),
        ],
    )


def g_ip(rng, n, ctx):
    o = lambda lo=0, hi=256: _s(rng.integers(lo, hi, n))
    return _pick(
        rng,
        [
            _cat("10.", o(), ".", o(), ".", o(1, 255)),
            _cat("192.168.", o(0, 20), ".", o(1, 255)),
            _cat("172.", o(16, 32), ".", o(), ".", o(1, 255)),
            _cat("203.0.113.", o(1, 255)),
            _cat("198.51.100.", o(1, 255)),
            _cat("2001:db8::", _s(rng.integers(1, 4096, n))),
        ],
    )


def g_hours(rng, n, ctx):
    h = rng.integers(1, 46, n)
    return _pick(rng, [_s(h), _cat(_s(h), ".5"), _cat(_s(h), ".25")])


def g_time(rng, n, ctx):
    h = rng.integers(7, 22, n)
    mins = _s(np.array(["00", "30", "15", "45"])[rng.integers(0, 4, n)])
    ampm = _s(np.where(h < 12, "am", "pm"))
    return _pick(rng, [_cat(_s(h), ":", mins), _cat(_s((h - 1) % 12 + 1), ampm)])


def g_port(rng, n, ctx):
    return _s(
        np.array([22, 80, 443, 3306, 5432, 6379, 8080, 8443, 9200, 27017])[rng.integers(0, 10, n)]
    )


def g_num(rng, n, ctx):
    return _s(rng.integers(1, 5000, n))


def g_pct(rng, n, ctx):
    return _cat(_s(rng.integers(1, 80, n)), "%")


def g_track(rng, n, ctx):
    return _pick(
        rng,
        [
            _cat("1Z", _randstr(rng, n, ALNUM, 6), _zf(rng, n, 0, 99999999, 8)),
            _cat(
                _zf(rng, n, 1000, 9999, 4),
                " ",
                _zf(rng, n, 0, 9999, 4),
                " ",
                _zf(rng, n, 0, 9999, 4),
            ),
            _cat("LX", _zf(rng, n, 0, 999999999, 9), "CN"),
            _cat("RR", _zf(rng, n, 0, 999999999, 9), "RU"),
        ],
    )


def g_isbn(rng, n, ctx):
    return _cat(
        "978-",
        _s(rng.integers(0, 10, n)),
        "-",
        _zf(rng, n, 10, 99, 2),
        "-",
        _zf(rng, n, 0, 999999, 6),
        "-",
        _s(rng.integers(0, 10, n)),
    )


def g_zip(rng, n, ctx):
    return _zf(rng, n, 1000, 99999, 5)


def g_qty(rng, n, ctx):
    return _s(rng.integers(2, 60, n))


def g_ticket(rng, n, ctx):
    return _cat("#", _zf(rng, n, 10000, 99999, 5))


def g_sha(rng, n, ctx):
    return _randstr(rng, n, HEX, 7)


def g_wh(rng, n, ctx):
    return _s(np.array([320, 480, 600, 728, 800, 1080, 1200, 1920])[rng.integers(0, 8, n)])


def g_days(rng, n, ctx):
    return _s(rng.integers(2, 15, n))


def g_years(rng, n, ctx):
    return _s(rng.integers(2, 13, n))


def g_ean(rng, n, ctx):
    return _cat(_zf(rng, n, 400000, 999999, 6), _zf(rng, n, 0, 9999999, 7))


def g_ref(rng, n, ctx):
    return _randstr(rng, n, ALNUM, 6)


def g_gb(rng, n, ctx):
    return _s(rng.integers(1, 500, n))


def g_sku(rng, n, ctx):
    return _cat("SKU-", _zf(rng, n, 0, 999999, 6))


def g_q(rng, n, ctx):
    return _s(rng.integers(1, 5, n))


def g_role_mail(rng, n, ctx):
    boxes = np.array(
        ROLE_BOXES + ["contacto", "ventas", "contato", "vendas", "kontakt", "info", "support"]
    )
    return _cat(_s(boxes[rng.integers(0, len(boxes), n)]), "@", ctx["biz"])


def g_cfg_mail(rng, n, ctx):
    b = np.array(CFG_BOXES)
    return _cat(_s(b[rng.integers(0, len(b), n)]), "@", ctx["biz"])


def g_shop_phone(rng, n, ctx):
    return ctx["shop"]


SLOTS = dict(
    amount=g_amount,
    amount2=g_amount,
    date=g_date,
    date2=g_date,
    inv=g_inv,
    ver=g_ver,
    pages=g_pages,
    order=g_order,
    ip=g_ip,
    hours=g_hours,
    time=g_time,
    port=g_port,
    num=g_num,
    num2=g_num,
    pct=g_pct,
    track=g_track,
    isbn=g_isbn,
    zip=g_zip,
    qty=g_qty,
    qty2=g_qty,
    ticket=g_ticket,
    sha=g_sha,
    w=g_wh,
    h=g_wh,
    days=g_days,
    years=g_years,
    ean=g_ean,
    ref=g_ref,
    gb=g_gb,
    sku=g_sku,
    q=g_q,
    role_mail=g_role_mail,
    cfg_mail=g_cfg_mail,
    shop_phone=g_shop_phone,
)

_SLOT_RE = re.compile(r"\{(\w+)\}")


def parse_template(t):
    parts = _SLOT_RE.split(t)  # literal, slot, literal, slot, ...
    return [(i % 2 == 1, p) for i, p in enumerate(parts) if p != "" or i % 2 == 1]


# flat template catalogue: list of (lang, category, text)
CATALOGUE = []
for _lang, _d in T.items():
    for _cat_name, _lst in _d.items():
        for _t in _lst:
            CATALOGUE.append((_lang, _cat_name, _t))
CAT_INDEX = {}
for _i, (_l, _c, _t) in enumerate(CATALOGUE):
    CAT_INDEX.setdefault((_l, _c), []).append(_i)
    if _c == "artefact":
        for _slot, _sub in (
            ("{role_mail}", "art_role"),
            ("{shop_phone}", "art_shop"),
            ("{cfg_mail}", "art_cfg"),
        ):
            if _slot in _t:
                CAT_INDEX.setdefault((_l, _sub), []).append(_i)


def fill_templates(rng, tmpl_idx, ctx):
    """tmpl_idx: numpy int array of catalogue indices (one per message).
    ctx: dict of polars Series aligned with tmpl_idx (biz, shop).  Returns a String Series."""
    n = len(tmpl_idx)
    order = np.argsort(tmpl_idx, kind="stable")
    sorted_idx = tmpl_idx[order]
    bounds = np.flatnonzero(np.diff(sorted_idx)) + 1
    starts = np.concatenate([[0], bounds])
    ends = np.concatenate([bounds, [n]])
    pieces = []
    for s, e in zip(starts, ends):
        t = CATALOGUE[sorted_idx[s]][2]
        m = e - s
        rows = order[s:e]
        sub = (
            {k: v[rows] for k, v in ctx.items()}
            if any(x in t for x in ("{role_mail", "{cfg_mail", "{shop_phone"))
            else {}
        )
        parts = []
        for is_slot, p in parse_template(t):
            parts.append(SLOTS[p](rng, m, sub) if is_slot else p)
        if not any(isinstance(p, pl.Series) for p in parts):
            pieces.append(pl.Series([t] * m, dtype=pl.String))
        else:
            pieces.append(_cat(*parts))
    body_sorted = pl.concat(pieces) if pieces else pl.Series([], dtype=pl.String)
    inv = np.empty(n, dtype=np.int64)
    inv[order] = np.arange(n)
    return body_sorted.gather(inv)


def template_ids(lang_codes, category, rng):
    """lang_codes: numpy int array into LANGS.  Returns catalogue indices for category."""
    out = np.empty(len(lang_codes), dtype=np.int64)
    for li, lang in enumerate(LANGS):
        sel = np.flatnonzero(lang_codes == li)
        if len(sel) == 0:
            continue
        cands = CAT_INDEX.get((lang, category)) or CAT_INDEX[("en", category)]
        out[sel] = np.array(cands)[rng.integers(0, len(cands), len(sel))]
    return out


def render_one(rng, lang, category, ctx_biz=None, ctx_shop=None):
    """scalar rendering of one template (for planted cases)"""
    cands = CAT_INDEX.get((lang, category)) or CAT_INDEX[("en", category)]
    idx = np.array([cands[rng.integers(0, len(cands))]])
    ctx = {}
    if ctx_biz is not None:
        ctx = {"biz": pl.Series([ctx_biz]), "shop": pl.Series([ctx_shop or ""])}
    else:
        ctx = {"biz": pl.Series(["example.com"]), "shop": pl.Series([""])}
    return fill_templates(rng, idx, ctx)[0]


# ------------------------------------------------------------------------------------
# Disguises (scalar).  Each returns a list of message bodies (1 or 2 messages).
# r: random.Random
# ------------------------------------------------------------------------------------
def _lead(r, kind, lang, c):
    return r.choice(LEADIN[kind].get(lang) or LEADIN[kind]["en"]).format(c=c)


def _spell(r, digits, lang, plus=False, doubles=False):
    w = DIGIT_WORDS[lang]
    out, i = [], 0
    while i < len(digits):
        d = digits[i]
        if (
            doubles
            and lang == "en"
            and i + 1 < len(digits)
            and digits[i + 1] == d
            and r.random() < 0.7
        ):
            if i + 2 < len(digits) and digits[i + 2] == d:
                out.append("triple " + w[int(d)])
                i += 3
                continue
            out.append("double " + w[int(d)])
            i += 2
            continue
        out.append("oh" if (d == "0" and lang == "en" and r.random() < 0.3) else w[int(d)])
        i += 1
    sep = "" if lang == "zh" else r.choice([" ", " ", "-", ", "])
    s = sep.join(out)
    return (PLUS_WORD[lang] + (" " if lang != "zh" else "") + s) if plus else s


def disguise(r, style, kind, value, lang, extra=None):
    """kind: 'phone' (value = dict(e164digits, national, typed)), 'email' (value=str) or 'handle'
    (value=(channel, handle)).  Returns list of message bodies."""
    if kind == "handle":
        ch, h = value
        forms = {
            "telegram": [
                "TG: @{h}",
                "telegram - {h}",
                "find me on telegram @{h}",
                "мой тг @{h}",
                "t.me/{h}",
            ],
            "skype": ["my skype: {h}", "skype id {h}", "add me on skype {h}"],
            "discord": ["discord {h}", "my discord is {h}", "add me on discord: {h}"],
            "wechat": ["wechat: {h}", "加我微信 {h}", "微信号 {h}"],
            "instagram": ["insta @{h}", "DM me on IG @{h}"],
            "signal": ["signal {h}", "on signal I'm {h}"],
            "wa.me": ["wa.me/{h}", "https://wa.me/{h} text me there"],
            "t.me": ["t.me/{h}", "https://t.me/{h}"],
        }
        opts = [
            f
            for f in forms[ch]
            if not (re.search("[а-я]", f) and lang != "ru")
            and not (re.search("[\u4e00-\u9fff]", f) and lang != "zh")
        ] or forms[ch]
        return [r.choice(opts).format(h=h)]
    if kind == "phone":
        digits_intl = value["e164"]  # digits without +
        nat = value["national_digits"]
        typed = value["typed"]
        use_intl = r.random() < 0.6
        digits = digits_intl if use_intl else nat
        if style == "plain":
            return [_lead(r, "phone", lang, typed)]
        if style == "spelled_en":
            return [_lead(r, "phone", "en", _spell(r, digits, "en", plus=use_intl, doubles=True))]
        if style == "spelled_foreign":
            lg = lang if lang != "en" else r.choice(["es", "pt", "ru", "de", "hi", "zh", "fr"])
            return [_lead(r, "phone", lg, _spell(r, digits, lg, plus=use_intl))]
        if style == "separators":
            seps = r.choice(
                [["-"], ["."], [" . "], ["/"], ["_"], ["|"], ["~"], ["–", " "], [" - "], ["*"]]
            )
            if r.random() < 0.5:
                s = "".join(
                    d + (r.choice(seps) if j < len(digits) - 1 else "")
                    for j, d in enumerate(digits)
                )
            else:
                chunks, j = [], 0
                while j < len(digits):
                    k = r.choice([1, 2, 2, 3])
                    chunks.append(digits[j : j + k])
                    j += k
                s = r.choice(seps).join(chunks)
            return [_lead(r, "phone", lang, ("+" if use_intl else "") + s)]
        if style == "split_messages":
            cut = r.randint(3, len(digits) - 3)
            a, b = ("+" if use_intl else "") + digits[:cut], digits[cut:]
            firsts = {
                "en": "my number starts {a}",
                "es": "mi número empieza {a}",
                "pt": "meu zap começa {a}",
                "ru": "номер начинается на {a}",
                "de": "meine Nummer fängt mit {a} an",
                "hi": "number {a} se start",
                "zh": "手机号前面是 {a}",
                "fr": "mon numéro commence par {a}",
            }
            seconds = {
                "en": "and then {b}",
                "es": "y sigue {b}",
                "pt": "e o resto {b}",
                "ru": "дальше {b}",
                "de": "dann {b}",
                "hi": "aur baaki {b}",
                "zh": "后面是 {b}",
                "fr": "puis {b}",
            }
            return [
                firsts.get(lang, firsts["en"]).format(a=a),
                seconds.get(lang, seconds["en"]).format(b=b),
            ]
        if style == "lookalike_chars":
            mode = r.choice(["ol", "full"])
            if mode == "ol":
                s = "".join(
                    {"0": "O", "1": r.choice(["l", "I"])}.get(d, d) if r.random() < 0.8 else d
                    for d in typed
                )
            else:
                s = "".join(
                    SCRIPT_DIGITS["full"][int(d)] if d.isdigit() else ("＋" if d == "+" else d)
                    for d in typed
                )
            return [_lead(r, "phone", lang, s)]
        if style == "other_script_digits":
            by_country = {"IN": "deva", "BD": "beng", "EG": "arab", "PK": "pers", "CN": "full"}
            sc = by_country.get(extra) or {"hi": r.choice(["deva", "pers"]), "zh": "full"}.get(
                lang, r.choice(["arab", "deva", "beng", "pers", "full"])
            )
            s = "".join(SCRIPT_DIGITS[sc][int(d)] if d.isdigit() else d for d in typed)
            return [_lead(r, "phone", lang, s)]
        if style == "zero_width":
            s = "".join(ch + (r.choice(ZW) if r.random() < 0.5 else "") for ch in typed)
            return [_lead(r, "phone", lang, s)]
        if style == "mixed_digit_words":
            w = DIGIT_WORDS[lang if lang in DIGIT_WORDS else "en"]
            s = " ".join(w[int(d)] if r.random() < 0.5 else d for d in digits)
            return [_lead(r, "phone", lang, ("+" if use_intl else "") + s)]
        if style == "keycap_emoji":
            s = "".join(d + KEYCAP for d in digits)
            return [_lead(r, "phone", lang, ("➕" if use_intl else "") + s)]
        if style == "reversed":
            s = (("+" if use_intl else "") + digits)[::-1]
            return [BACKWARDS.get(lang, BACKWARDS["en"]).format(c=s) + " (whatsapp)"]
        if style == "spaced_out":
            return [_lead(r, "phone", lang, "  ".join(typed.replace(" ", "")))]
        raise ValueError(style)
    # ------------------------------------------------------------------ email
    local, domain = value.split("@", 1)
    if style == "plain":
        return [_lead(r, "email", lang, value)]
    if style == "at_dot_words":
        at = r.choice(AT_WORDS.get(lang, AT_WORDS["en"]) + AT_WORDS["en"][:1])
        dot = r.choice(DOT_WORDS.get(lang, DOT_WORDS["en"]))
        l2 = local.replace(".", dot) if r.random() < 0.5 else local
        return [_lead(r, "email", lang, l2 + at + domain.replace(".", dot))]
    if style == "spaced_out":
        return [_lead(r, "email", lang, " ".join(value))]
    if style == "implicit_domain":
        forms = IMPLICIT.get(domain)
        if not forms:
            forms = ["my {d} is {l}".replace("{d}", domain.split(".")[0])]
        return [r.choice(forms).format(l=local)]
    if style == "lookalike_chars":
        s = "".join(HOMO[ch] if ch in HOMO and r.random() < 0.5 else ch for ch in value)
        if r.random() < 0.5:
            s = s.replace("@", "＠")
        return [_lead(r, "email", lang, s)]
    if style == "zero_width":
        s = "".join(ch + (r.choice(ZW) if r.random() < 0.4 else "") for ch in value)
        return [_lead(r, "email", lang, s)]
    if style == "split_messages":
        a = {
            "en": "my email is {l}",
            "es": "mi correo es {l}",
            "pt": "meu email é {l}",
            "ru": "почта {l}",
            "de": "meine Mail ist {l}",
            "hi": "mera mail {l}",
            "zh": "邮箱是 {l}",
            "fr": "mon mail c'est {l}",
        }
        b = {
            "en": "...@{d} sorry",
            "es": "@{d}",
            "pt": "no @{d}",
            "ru": "собака {d}",
            "de": "@{d} natürlich",
            "hi": "@{d} pe",
            "zh": "@{d}",
            "fr": "@{d}",
        }
        return [a.get(lang, a["en"]).format(l=local), b.get(lang, b["en"]).format(d=domain)]
    if style == "reversed":
        return [BACKWARDS.get(lang, BACKWARDS["en"]).format(c=value[::-1]) + " (mail)"]
    if style == "mixed_digit_words":  # not meaningful for email -> at/dot words
        return disguise(r, "at_dot_words", kind, value, lang)
    raise ValueError(style)
