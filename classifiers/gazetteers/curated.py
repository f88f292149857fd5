"""Words no maintained package lists: religions, political groups, English demonyms.

Our own small multilingual lists (en, de, fr, es, it, nl, pt, sv, pl and a few more), read by
`build.py` only. Nationality adjectives of other languages come from CLDR language names.
"""

from __future__ import annotations

RELIGIONS = (
    # en
    "Christian", "Catholic", "Roman Catholic", "Protestant", "Orthodox", "Anglican",
    "Lutheran", "Methodist", "Baptist", "Evangelical", "Pentecostal", "Mormon", "Muslim",
    "Islam", "Sunni", "Shia", "Jewish", "Judaism", "Hindu", "Hinduism", "Buddhist",
    "Buddhism", "Sikh", "Sikhism", "Jain", "Atheist", "Agnostic", "Christianity",
    "Shinto", "Taoist", "Baha'i", "Zoroastrian", "Jehovah's Witness", "Quaker",
    "No religion", "Irreligious",
    # de
    "Christlich", "Katholisch", "Römisch-katholisch", "Evangelisch", "Protestantisch",
    "Orthodox", "Muslimisch", "Islamisch", "Jüdisch", "Buddhistisch", "Hinduistisch",
    "Konfessionslos", "Atheistisch", "Christ", "Moslem", "Jude",
    # fr
    "Chrétien", "Chrétienne", "Catholique", "Protestante", "Orthodoxe", "Musulman",
    "Musulmane", "Juif", "Juive", "Bouddhiste", "Hindouiste", "Athée", "Sans religion",
    # es / pt / it
    "Cristiano", "Cristiana", "Católico", "Católica", "Protestante", "Ortodoxo", "Musulmán",
    "Musulmana", "Judío", "Judía", "Budista", "Hindú", "Ateo", "Atea", "Sin religión",
    "Cristão", "Cattolico", "Cattolica", "Ortodosso", "Musulmano", "Ebreo", "Ebrea",
    "Buddista", "Induista", "Ateo", "Evangélico", "Evangélica", "Judeu", "Islâmico",
    "Sem religião",
    # nl / sv / pl
    "Christelijk", "Katholiek", "Rooms-katholiek", "Protestants", "Moslim", "Joods",
    "Boeddhist", "Hindoe", "Geen religie", "Kristen", "Katolik", "Muslimsk", "Judisk",
    "Buddhist", "Ateist", "Chrześcijanin", "Katoliczka", "Prawosławny", "Muzułmanin",
    "Żyd", "Buddysta", "Ateista",
)  # fmt: skip

POLITICAL = (
    "Democrat", "Democratic", "Republican", "Independent", "Labour", "Conservative",
    "Liberal", "Liberal Democrat", "Green", "Greens", "Socialist", "Social Democrat",
    "Communist", "Libertarian", "Nationalist", "Tory", "Christian Democrat",
    "SPD", "CDU", "CSU", "FDP", "AfD", "Die Linke", "Bündnis 90/Die Grünen", "Grüne",
    "Sozialdemokrat", "Konservativ", "Socialiste", "Républicain", "Écologiste",
    "Communiste", "Centriste", "Socialista", "Conservador", "Comunista", "Liberale",
    "Verde", "Verdi", "Progressista", "PSOE", "Partido Popular", "Podemos", "VVD", "PvdA",
    "Socialdemokrat", "Moderat", "Sozialist",
)  # fmt: skip

# English demonyms that are not also a language name in CLDR ("French" is; "Brazilian" is not).
NATIONALITIES = (
    "American", "Argentine", "Argentinian", "Australian", "Austrian", "Belgian", "Brazilian",
    "British", "Canadian", "Chilean", "Colombian", "Cuban", "Egyptian", "Ethiopian",
    "Filipino", "Ghanaian", "Iranian", "Iraqi", "Irish", "Israeli", "Jamaican", "Kenyan",
    "Mexican", "Moroccan", "Nigerian", "Pakistani", "Peruvian", "Saudi", "Scottish",
    "South African", "Swiss", "Syrian", "Tunisian", "Turkish", "Ugandan", "Venezuelan",
    "Welsh", "New Zealander", "Kiwi", "Indian", "Chinese", "Japanese", "Korean", "Afghan",
    "Algerian", "Bangladeshi", "Bolivian", "Cameroonian", "Congolese", "Ecuadorian",
    "Emirati", "Guatemalan", "Honduran", "Ivorian", "Jordanian", "Kuwaiti", "Lebanese",
    "Libyan", "Malaysian", "Nepali", "Nepalese", "Panamanian", "Paraguayan", "Qatari",
    "Salvadoran", "Senegalese", "Singaporean", "Sri Lankan", "Sudanese", "Taiwanese",
    "Tanzanian", "Uruguayan", "Yemeni", "Zambian", "Zimbabwean", "Dutch", "Danish",
    "Swedish", "Norwegian", "Finnish", "Polish", "Greek", "Hungarian", "Czech", "Slovak",
    "Romanian", "Bulgarian", "Serbian", "Croatian", "Ukrainian", "Russian", "Portuguese",
    "Spanish", "Italian", "German", "French", "Icelandic", "Estonian", "Latvian",
    "Lithuanian", "Slovenian", "Albanian", "Vietnamese", "Thai", "Indonesian",
    # de / fr / es / it / nl / pt: nationality words that differ from the language name
    "Deutsche", "Deutscher", "Österreicher", "Schweizer", "Amerikaner", "Amerikanisch",
    "Französin", "Franzose", "Türke", "Türkin", "Italiener", "Spanier", "Brite",
    "Niederländer", "Pole", "Polin", "Russe", "Russin", "Staatenlos",
    "Allemande", "Française", "Américain", "Américaine", "Belge", "Suisse", "Marocain",
    "Marocaine", "Algérien", "Algérienne", "Tunisien", "Sénégalais", "Canadien",
    "Estadounidense", "Mexicano", "Mexicana", "Argentino", "Argentina", "Colombiano",
    "Colombiana", "Peruano", "Chileno", "Venezolano", "Española", "Alemana", "Francesa",
    "Italiana", "Brasileño", "Brasileira", "Brasileiro", "Portuguesa", "Americano",
    "Statunitense", "Tedesca", "Francese", "Spagnola", "Svizzero", "Nederlandse",
    "Belgische", "Duitse", "Franse", "Amerikaanse", "Marokkaanse", "Turkse", "Surinaamse",
    "Svensk", "Norsk", "Dansk", "Polak", "Polka", "Polskie", "Niemiec", "Ukrainiec",
)  # fmt: skip

# The commonest one-character family names of China and Korea (names-dataset lists family
# names of two characters or more only): 王伟 and 김민준 are a family name and a given name.
EAST_ASIAN_FAMILY = (
    "王李张張刘劉陈陳杨楊黄黃赵趙吴吳周徐孙孫马馬朱胡郭何高林罗羅郑鄭梁谢謝宋唐许許韩韓冯馮"
    "邓鄧曹彭曾肖田董袁潘于蒋蔣蔡余杜叶葉程苏蘇魏吕呂丁任沈姚卢盧姜崔钟鍾谭譚陆陸汪范金石廖贾賈"
    "夏韦韋方白邹鄒孟熊秦邱江尹薛段雷侯龙龍史陶黎贺賀顾顧毛郝龚龔邵万萬钱錢严嚴武戴莫孔汤湯"
    "김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진나지엄채원"
    "천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용"
)
