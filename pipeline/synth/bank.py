"""A bank of invented telegrams in the style of the seed (content written for this project).

Each entry gives the words only; numbers and times come from the page's seed (`Numbers`), so
a text appears with many different form values. Typewriter habits are kept on purpose: the
`"` for `ъ` (об"явить), letter-spaced words, capitals for places and senders.
"""

from __future__ import annotations

from pipeline.synth.texts import Telegram


def _ru(key, dest, addr, recipient, paragraphs, sender, *, salutation=None, closing=None,
        closing_name=None, marking=None, instruction=None, distribution=(), doc_type=None,
        department="Десятый отдел", classification="СОВ. СЕКРЕТНО", verifier=None):
    return Telegram(key=key, lang="ru", destination=dest, addressee=addr, recipient_line=recipient,
                    paragraphs=tuple(paragraphs), sender=sender, salutation=salutation,
                    closing=closing, closing_name=closing_name, marking=marking,
                    instruction=instruction, distribution=tuple(distribution),
                    document_type=doc_type or "Шифрованная телеграмма", department=department,
                    classification=classification, verifier=verifier)


def _en(key, dest, addr, recipient, paragraphs, sender, *, salutation=None, closing=None,
        closing_name=None, marking=None, instruction=None, distribution=(),
        doc_type="CIPHERED TELEGRAM", department="Tenth Department", classification="Top Secret"):
    return Telegram(key=key, lang="en", destination=dest, addressee=addr, recipient_line=recipient,
                    paragraphs=tuple(paragraphs), sender=sender, salutation=salutation,
                    closing=closing, closing_name=closing_name, marking=marking,
                    instruction=instruction, distribution=tuple(distribution),
                    document_type=doc_type, department=department, classification=classification)


BANK: tuple[Telegram, ...] = (
    _ru("bank-ru-01", "ПРАГА", "СОВПОСОЛ", "Для посла.", [
        "Сообщите, в какие сроки чехословацкая сторона намерена направить в Москву делегацию "
        "для переговоров о поставках оборудования. Желательно, чтобы делегация прибыла не "
        "позднее конца месяца.",
        "О составе делегации и о полномочиях ее руководителя телеграфьте дополнительно."],
        "ГРОМОВ", marking="С Р О Ч Н О", instruction="Исполнение телеграфьте.",
        distribution=("Молотову", "Громову", "Копия"), verifier="Лебедев"),
    _ru("bank-ru-02", "ВАРШАВА", "СОВПОСОЛ", "Тов. Лебедеву.", [
        "Министерство согласно с предложением польских друзей провести совещание экспертов "
        "по вопросам речного судоходства в Варшаве. Наши эксперты могут выехать через две "
        "недели после получения официального приглашения.",
        "Просим сообщить даты, удобные польской стороне."],
        "СОКОЛОВ", distribution=("Соколову", "Лебедеву", "10 отдел", "Копия")),
    _ru("bank-ru-03", "БУДАПЕШТ", "ПОСЛАННИК", "Посланнику.", [
        "Вашу телеграмму о под\"езде венгерской торговой миссии получили. Прием миссии "
        "назначен на понедельник в одиннадцать часов. Просим предупредить руководителя миссии "
        "о необходимости иметь при себе согласованный проект протокола."],
        "ВОРОНИН", marking="О С О Б А Я", instruction="Исполнение телеграфьте.",
        distribution=("Воронину", "Орлову", "Копия"), verifier="Орлов"),
    _ru("bank-ru-04", "СОФИЯ", "СОВПОСОЛ", "Для тов. Николаева.", [
        "Болгарские товарищи просят раз\"яснить порядок оформления виз для членов "
        "профсоюзной делегации. Разрешаем выдавать визы на срок до тридцати дней без "
        "дополнительного запроса в Москву.",
        "О каждой выданной визе сообщайте очередной почтой."],
        "ЗАХАРОВ", distribution=("Захарову", "Николаеву", "Копия")),
    _ru("bank-ru-05", "БУХАРЕСТ", "СОВПОСОЛ", "Послу.", [
        "По сведениям, полученным от румынского министерства, пароход с грузом зерна выйдет "
        "из Констанцы с опозданием на пять суток. Примите меры к тому, чтобы приемка груза "
        "была произведена в присутствии нашего представителя.",
        "Результаты приемки сообщите телеграфом."],
        "МИХАЙЛОВ", salutation="Товарищ посол !", marking="С Р О Ч Н О",
        distribution=("Михайлову", "Гусеву", "10 отдел", "Копия"), verifier="Гусев"),
    _ru("bank-ru-06", "ТИРАНА", "ПОВЕРЕННЫЙ", "Поверенному в делах.", [
        "Отпуск сотрудникам миссии в текущем году предоставлять поочередно, с таким расчетом, "
        "чтобы в миссии постоянно находилось не менее трех дипломатических работников.",
        "График отпусков представьте на утверждение до первого числа."],
        "ОРЛОВ", distribution=("Орлову", "Копия")),
    _ru("bank-ru-07", "БЕРЛИН", "ПОЛИТСОВЕТНИК", "Для тов. Семенова.", [
        "Подготовьте к приезду комиссии справку о ходе восстановления железнодорожного "
        "сообщения между Берлином и Франкфуртом-на-Одере. В справке укажите об\"ем перевозок "
        "за последний квартал и основные затруднения.",
        "Справку направьте с ближайшим дипкурьером."],
        "СОКОЛОВ", instruction="Исполнение телеграфьте.",
        distribution=("Соколову", "Семенову", "Вышинскому", "Копия"), verifier="Семенов"),
    _ru("bank-ru-08", "ХЕЛЬСИНКИ", "СОВПОСОЛ", "Послу.", [
        "Финская сторона предлагает перенести заседание смешанной комиссии на более поздний "
        "срок. Возражений не имеем. Сообщите финнам, что наша часть комиссии готова начать "
        "работу в любой день после пятнадцатого числа."],
        "ВОРОНИН", distribution=("Воронину", "Копия")),
    _ru("bank-ru-09", "ВЕНА", "ПОЛИТПРЕДСТАВИТЕЛЬ", "Тов. Кудрявцеву.", [
        "Ваши предложения о порядке работы информационного бюро рассмотрены. Согласны с "
        "увеличением штата бюро на двух переводчиков при условии, что расходы будут покрыты "
        "за счет утвержденной сметы.",
        "Кандидатуры переводчиков сообщите дополнительно."],
        "ЗАХАРОВ", marking="О С О Б А Я",
        distribution=("Захарову", "Кудрявцеву", "10 отдел", "Копия")),
    _ru("bank-ru-10", "ПЕКИН", "СОВПОСОЛ", "Для посла.", [
        "Китайские товарищи сообщили о желании направить в Москву группу специалистов по "
        "вопросам строительства гидростанций. Министерство не возражает против приезда "
        "группы в составе до двенадцати человек.",
        "Просим согласовать с китайской стороной сроки приезда и программу пребывания группы."],
        "ГРОМОВ", salutation="Товарищ посол !", instruction="Исполнение телеграфьте.",
        distribution=("Громову", "Молотову", "Вышинскому", "10 отдел", "Копия"),
        verifier="Громов"),
    _ru("bank-ru-11", "ПХЕНЬЯН", "СОВПОСОЛ", "Послу.", [
        "Поручаем Вам передать министру иностранных дел благодарность за содействие, "
        "оказанное нашим журналистам во время их поездки по стране. Одновременно сообщите, "
        "что ответный визит корейских журналистов может состояться осенью."],
        "ЛЕБЕДЕВ", distribution=("Лебедеву", "Копия")),
    _ru("bank-ru-12", "ДЕЛИ", "СОВПОСОЛ", "Для тов. Петрова.", [
        "В связи с предстоящим открытием выставки советской книги поручаем Вам договориться "
        "с местными властями о помещении для выставки. Экспонаты будут отправлены морем в "
        "начале следующего месяца.",
        "Смету расходов на устройство выставки телеграфьте."],
        "МИХАЙЛОВ", marking="С Р О Ч Н О",
        distribution=("Михайлову", "Петрову", "Копия"), verifier="Петров"),
    _ru("bank-ru-13", "КАИР", "ПОСЛАННИК", "Посланнику.", [
        "Получение Вашего письма о положении на хлопковом рынке подтверждаем. Просим впредь "
        "направлять такие сообщения ежемесячно, указывая цены на основные сорта хлопка и "
        "об\"ем закупок, произведенных иностранными фирмами."],
        "ОРЛОВ", distribution=("Орлову", "10 отдел", "Копия")),
    _ru("bank-ru-14", "ПАРИЖ", "СОВПОСОЛ", "Послу.", [
        "Французское министерство уведомило о предстоящем приезде группы парламентариев. "
        "Министерство считает целесообразным принять группу. Сообщите французам, что "
        "программа пребывания будет передана им дополнительно.",
        "О времени выезда группы телеграфьте."],
        "СОКОЛОВ", salutation="Товарищ посол !", instruction="Исполнение телеграфьте.",
        distribution=("Соколову", "Вышинскому", "Копия")),
    _ru("bank-ru-15", "ЛОНДОН", "СОВПОСОЛ", "Для советника.", [
        "Ответ английской стороне по вопросу о возвращении судов передайте в форме устной "
        "ноты. Текст ноты будет направлен Вам отдельной телеграммой. До получения текста "
        "никаких заявлений по этому вопросу не делайте."],
        "ВОРОНИН", marking="О С О Б А Я",
        distribution=("Воронину", "Молотову", "Копия"), verifier="Воронин"),
    _ru("bank-ru-16", "ВАШИНГТОН", "СОВПОСОЛ", "Послу.", [
        "Просим уточнить, получено ли американской стороной наше письмо о порядке выдачи "
        "въездных виз сотрудникам торгпредства. Если ответ не будет получен в течение недели, "
        "напомните об этом в государственном департаменте."],
        "ГРОМОВ", distribution=("Громову", "10 отдел", "Копия")),
    _ru("bank-ru-17", "ОСЛО", "ПОСЛАННИК", "Посланнику.", [
        "Норвежское правительство предлагает заключить соглашение о рыболовстве сроком на "
        "пять лет. Министерство рыбной промышленности готовит свои замечания к проекту.",
        "До их получения ограничьтесь заявлением, что проект изучается."],
        "ЗАХАРОВ", instruction="Исполнение телеграфьте.",
        distribution=("Захарову", "Копия"), verifier="Зорин"),
    _ru("bank-ru-18", "СТОКГОЛЬМ", "ПОСЛАННИК", "Тов. Андрееву.", [
        "Шведская фирма, изготовившая турбины по нашему заказу, просит продлить срок "
        "поставки на два месяца. Согласие дайте лишь при условии, что фирма возместит "
        "убытки, связанные с задержкой."],
        "МИХАЙЛОВ", distribution=("Михайлову", "Андрееву", "Копия")),
    _ru("bank-ru-19", "УЛАН-БАТОР", "СОВПОСОЛ", "Послу.", [
        "Монгольские товарищи просят прислать преподавателей русского языка для вновь "
        "открываемых школ. Министерство просвещения может направить восемь преподавателей "
        "к началу учебного года.",
        "Выясните, обеспечены ли преподаватели жильем."],
        "ЛЕБЕДЕВ", salutation="Товарищ посол !",
        distribution=("Лебедеву", "10 отдел", "Копия")),
    _ru("bank-ru-20", "ТЕГЕРАН", "СОВПОСОЛ", "Для посла.", [
        "Сообщите, какие меры приняты иранскими властями по нашему протесту в связи с "
        "задержкой грузов на границе. Если ответа нет, повторите протест в более решительной "
        "форме и сообщите результат."],
        "ОРЛОВ", marking="С Р О Ч Н О", instruction="Исполнение телеграфьте.",
        distribution=("Орлову", "Молотову", "Вышинскому", "Копия"), verifier="Орлов"),
    _ru("bank-ru-21", "АНКАРА", "СОВПОСОЛ", "Послу.", [
        "Турецкое министерство иностранных дел обратилось с просьбой разрешить транзит "
        "группы паломников через нашу территорию. Министерство разрешения не дает. Об\"явите "
        "об этом турецкой стороне устно, не вступая в обсуждение."],
        "СОКОЛОВ", distribution=("Соколову", "10 отдел", "Копия")),
    _ru("bank-ru-22", "РИМ", "СОВПОСОЛ", "Для тов. Ковалева.", [
        "Итальянское общество дружбы приглашает советских музыкантов на концерты в Милане "
        "и Турине. Комитет по делам искусств согласен направить квартет в составе четырех "
        "человек и сопровождающего.",
        "Условия поездки согласуйте с обществом и телеграфьте."],
        "ВОРОНИН", distribution=("Воронину", "Ковалеву", "Копия"), verifier="Ковалев"),
    _ru("bank-ru-23", "БЕЛГРАД", "ПОВЕРЕННЫЙ", "Поверенному в делах.", [
        "Архив бывшего консульства, переданный на хранение в миссию, подлежит отправке в "
        "Москву. Упакуйте архив в опечатанные ящики и отправьте с дипкурьерами по описи в "
        "двух экземплярах."],
        "ГРОМОВ", marking="О С О Б А Я", instruction="Исполнение телеграфьте.",
        distribution=("Громову", "Копия")),
    _ru("bank-ru-24", "ШАНХАЙ", "ГЕНКОНСУЛ", "Генеральному консулу.", [
        "Поручаем Вам оказать содействие советским морякам, задержанным в порту по причине "
        "неисправности судна. Расходы на их содержание отнесите на счет пароходства.",
        "О ходе ремонта судна сообщайте еженедельно."],
        "МИХАЙЛОВ", salutation="Товарищ генконсул !", doc_type="Телеграмма",
        classification="СЕКРЕТНО", distribution=("Михайлову", "10 отдел", "Копия"),
        verifier="Михайлов"),
    _en("bank-en-01", "PRAGUE", "SovAmbassador", "For the Ambassador.", [
        "Inform the Czechoslovak side that the trade delegation may arrive in Moscow at any "
        "time after the twentieth. The Ministry asks to be told the names of its members in "
        "advance.",
        "Telegraph the date of departure."],
        "GROMOV", marking="URGENT", instruction="Telegraph the fulfillment.",
        distribution=("Molotov", "Gromov", "Copy")),
    _en("bank-en-02", "WARSAW", "SovAmbassador", "To Cde. Lebedev.", [
        "The Ministry agrees to hold the meeting of experts on river shipping in Warsaw. Our "
        "experts can leave two weeks after an official invitation is received."],
        "SOKOLOV", distribution=("Sokolov", "Lebedev", "Copy")),
    _en("bank-en-03", "BUDAPEST", "Minister", "To the Minister.", [
        "Your telegram about the arrival of the Hungarian trade mission was received. The "
        "mission will be received on Monday at eleven o'clock. Warn its head to bring the agreed "
        "draft of the protocol."],
        "VORONIN", marking="SPECIAL", distribution=("Voronin", "Orlov", "Copy")),
    _en("bank-en-04", "SOFIA", "SovAmbassador", "For Cde. Nikolaev.", [
        "You are allowed to issue visas for up to thirty days to members of the trade union "
        "delegation without a further request to Moscow.",
        "Report every visa issued by the next mail."],
        "ZAKHAROV", instruction="Telegraph the fulfillment.",
        distribution=("Zakharov", "Nikolaev", "Copy")),
    _en("bank-en-05", "PEKING", "SovAmbassador", "For the Ambassador.", [
        "The Chinese comrades wish to send a group of specialists on hydroelectric "
        "construction to Moscow. The Ministry does not object to a group of up to twelve "
        "people.",
        "Agree the dates of the visit with the Chinese side."],
        "GROMOV", salutation="Comrade Ambassador!", marking="SPECIAL",
        distribution=("Gromov", "Molotov", "Vyshinsky", "Copy")),
    _en("bank-en-06", "HELSINKI", "SovAmbassador", "To the Ambassador.", [
        "The Finnish side proposes to postpone the session of the mixed commission. We have "
        "no objection. Tell the Finns that our part of the commission is ready to begin work "
        "on any day after the fifteenth."],
        "VORONIN", distribution=("Voronin", "Copy")),
    _en("bank-en-07", "LONDON", "SovAmbassador", "For the Counsellor.", [
        "Give the answer on the return of the vessels to the British side as an oral note. The "
        "text will follow in a separate telegram. Make no statements on this question before "
        "it arrives."],
        "ORLOV", marking="URGENT", instruction="Telegraph the fulfillment.",
        distribution=("Orlov", "Molotov", "Copy")),
    _en("bank-en-08", "DELHI", "SovAmbassador", "For Cde. Petrov.", [
        "Arrange with the local authorities for a hall for the exhibition of Soviet books. "
        "The exhibits will be shipped by sea early next month.",
        "Telegraph the estimate of costs."],
        "MIKHAILOV", distribution=("Mikhailov", "Petrov", "Copy")),
)
