"""Bytes → clean text: find the encoding, decode, normalise newlines, strip control characters.

Why the order of the checks below matters:

1. A BOM is the strongest evidence there is, so it wins (UTF-8, UTF-16, UTF-32).
2. NUL bytes mean UTF-16/32 without a BOM (NULs in a regular pattern) or a binary file
   (the rule git uses). A high share of other control bytes also means binary.
3. A charset declared by the page (HTML meta, XML prolog) is believed only after it is
   checked: real pages often declare gb2312 and are UTF-8, or declare latin-1 and are GBK.
4. Valid UTF-8 with multi-byte sequences is almost never anything else, so it beats
   every guess; pure 7-bit input is ASCII, unless it carries ISO-2022-JP escapes.
5. Otherwise: Chinese text is decided by our own scorer, because detectors are poor on
   short CJK samples (they call GBK "cp949" and Big5 "johab"); everything else goes to
   charset-normalizer, run on a sample so a 5 MB file costs milliseconds, not seconds.

Every failure is an `IngestError` with a one-line reason, never a traceback.
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache
from typing import NamedTuple

from tuireader.errors import IngestError
from tuireader.ingest.sanitize import normalise_newlines, strip_controls_counted

#: Checked longest first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (b"\x00\x00\xfe\xff", "utf-32-be", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le", "utf-32-le"),
    (b"\xef\xbb\xbf", "utf-8", "utf-8-sig"),
    (b"\xfe\xff", "utf-16-be", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le", "utf-16-le"),
)

#: How much of the file the binary test, the scorer and the detector look at.
_HEAD = 8192
_SCORE_SAMPLE = 8192
_DETECT_SAMPLE = 32768

#: Bytes that never occur in text: C0 controls except BEL, BS, TAB, LF, VT, FF, CR, ESC
#: (terminal captures legitimately contain BEL, BS and ESC), plus DEL.
#: As a set for `bytes.translate` to delete when counting them (~10x faster than a
#: `findall`, which builds a list of one-byte matches), and as a regex to find one.
_CONTROL_BYTE_SET = bytes(range(0x00, 0x07)) + bytes(range(0x0E, 0x1B)) + bytes(range(0x1C, 0x20)) + b"\x7f"
_CONTROL_BYTES = re.compile(b"[" + re.escape(_CONTROL_BYTE_SET) + b"]")
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")
_ISO2022_JP_ESCAPES = (b"\x1b$B", b"\x1b$@", b"\x1b(J", b"\x1b$(D", b"\x1b(I")
_ISO2022_KR_ESCAPE = b"\x1b$)C"

#: A decoding with more replacement characters than this share is rejected.
_MAX_BAD_SHARE = 0.005
_MAX_BAD_ABSOLUTE = 4

#: Scorer thresholds (points per non-ASCII character, see `_chinese_score`). Real Chinese
#: text scores about 2-2.6; a wrong CJK decoding of Chinese scores below 1; Korean or
#: Japanese decoded as GB scores around 1-1.5.
_ZH_STRONG = 1.6
_ZH_WEAK = 1.2

# WHATWG-style label → (Python codec, reported name). Superset codecs are used where a
# page's label names a subset (gb2312 → gb18030, big5 → cp950, latin-1 → cp1252), as
# browsers do.
_LABELS: dict[str, tuple[str, str]] = {}
for _labels, _codec, _name in (
    ("utf-8 utf8 unicode-1-1-utf-8 unicode11utf8 unicode20utf8 x-unicode20utf8", "utf-8", "utf-8"),
    (
        "gb2312 gbk gb18030 gb_2312 gb_2312-80 csgb2312 x-gbk chinese iso-ir-58 cp936 "
        "windows-936 csiso58gb231280 euc-cn",
        "gb18030",
        "gb18030",
    ),
    ("big5 big5-hkscs cn-big5 csbig5 x-x-big5 cp950 big5hkscs", "cp950", "big5"),
    (
        "shift_jis shift-jis sjis ms_kanji ms932 windows-31j x-sjis csshiftjis cp932",
        "cp932",
        "shift_jis",
    ),
    ("euc-jp cseucpkdfmtjapanese x-euc-jp", "euc_jp", "euc-jp"),
    ("iso-2022-jp csiso2022jp", "iso2022_jp", "iso-2022-jp"),
    (
        "euc-kr ks_c_5601-1987 ks_c_5601-1989 ksc5601 ksc_5601 korean csksc56011987 "
        "windows-949 cp949 iso-ir-149",
        "cp949",
        "euc-kr",
    ),
    (
        "iso-8859-1 iso8859-1 latin1 latin-1 l1 us-ascii ascii ansi_x3.4-1968 cp819 ibm819 "
        "windows-1252 cp1252 x-cp1252 iso_8859-1 csisolatin1",
        "cp1252",
        "cp1252",
    ),
):
    for _label in _labels.split():
        _LABELS[_label] = (_codec, _name)

#: Reported names for codecs the detector may return.
_NAMES = {
    "utf_8": "utf-8",
    "utf_8_sig": "utf-8-sig",
    "ascii": "utf-8",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "gb18030": "gb18030",
    "big5": "big5",
    "big5hkscs": "big5",
    "cp950": "big5",
    "cp932": "shift_jis",
    "shift_jis": "shift_jis",
    "shift_jis_2004": "shift_jis",
    "shift_jisx0213": "shift_jis",
    "euc_jp": "euc-jp",
    "euc_jis_2004": "euc-jp",
    "euc_jisx0213": "euc-jp",
    "cp949": "euc-kr",
    "euc_kr": "euc-kr",
    "iso2022_jp": "iso-2022-jp",
    "iso2022_kr": "iso-2022-kr",
    "latin_1": "cp1252",
    "iso8859-1": "cp1252",
    "cp1252": "cp1252",
    "utf_16_le": "utf-16-le",
    "utf_16_be": "utf-16-be",
    "utf_32_le": "utf-32-le",
    "utf_32_be": "utf-32-be",
}
#: Codecs a detector confuses with Chinese on short samples; our scorer may overrule them.
_CJK_CODECS = frozenset(
    (
        "gb2312 gbk gb18030 hz big5 big5hkscs cp950 cp949 euc_kr johab iso2022_kr cp932 "
        "shift_jis shift_jis_2004 shift_jisx0213 euc_jp euc_jis_2004 euc_jisx0213"
    ).split()
)
#: Single-byte Latin code pages a detector picks almost at random for Western text; when
#: cp1252 decodes the sample just as well we prefer it (it is what old Western pages use).
_LATIN_CODECS = frozenset(
    (
        "cp1250 cp1252 cp1257 latin_1 iso8859-1 iso8859_2 iso8859_3 iso8859_4 iso8859_9 "
        "iso8859_10 iso8859_13 iso8859_14 iso8859_15 iso8859_16 mac_latin2 mac_roman "
        "mac_iceland mac_turkish cp775 cp850 cp437 cp858 cp1254 cp1258 ptcp154 cp1125 cp273 "
        "cp852 cp857 cp860 cp861 cp863 cp865 "
        "cp500 cp1140"
    ).split()
)

# The most frequent Chinese characters, simplified, and traditional forms of those that
# differ. Real Chinese text is mostly made of these; a wrong decoding hits them by chance.
_COMMON_SIMPLIFIED = (
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后"
    "作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只"
    "从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向"
    "头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿原东声"
    "提立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太量再感建"
    "务做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界达光放强即"
    "像难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识候带"
    "导争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始怎呢存未远叫台单影具"
    "罗字爱击流备兵连调深商算质团集百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越"
    "器容照须九增研写称企八功吗包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历首医局突专费号尽另"
    "周较注语仅考落青随选列武红响虽推势参希古众构房半节土投某案黑维革划敌致陈律足态护七兴派孩验责营星够"
    "章音跟志底站严巴例防族供效续施留讲型料终答紧黄绝奇察母京段依批群项故按河米围江织害斗双境客纪采举杀"
    "攻父苏密低朝友诉止细愿千值仍男钱破网热助倒育属坐帝限船脸职速刻乐否刚威毛状率甚独球般普怕弹校苦创假"
    "久错承印晚兰试股拿脑预谁益阳若哪微尼继送急血惊伤素药适波夜省初喜卫源食险待述陆习置居劳财环排福纳欢"
    "雷警获模充负云停木游龙树疑层冷洲冲射略范竟句室异激汉村哈策演简卡罪判担州静退既衣您宗积余痛检差富灵"
    "协角占配征修皮挥胜降阶审沉坚善妈刘读啊超免压银买皇养伊怀执副乱抗犯追帮宣佛岁航优怪香著田铁控税左右"
    "份穿艺背阵草脚概恶块顿敢守酒岛托央户烈洋哥索胡款靠评版宝座释景顾弟登货互付伯慢欧换闻危忙核暗姐介坏"
    "讨丽良序升监临亮露永呼味野架域沙掉括舰鱼杂误湾吉减编楚肯测败屋跑梦散温困剑渐封救贵枪缺楼县尚毫移娘"
    "朋画班智亦耳恩短掌恐遗固席松秘谢鲁遇康虑幸均销钟诗藏赶剧票损忽巨炮旧端探湖录叶春乡附吸予礼港雨呀板"
    "庭妇归睛饭额含顺输摇招婚脱补谓督毒油疗旅泽材灭逐莫笔亡鲜词圣择寻厂睡博勒烟授诺伦岸奥唐卖俄炸载洛健"
    "堂旁宫喝借君禁阴园谋宋避抓荣姑孙逃牙束跳顶玉镇雪午练迫爷篇肉嘴馆遍凡础洞卷坦牛宁纸诸训私庄祖丝翻暴"
    "森塔默握戏隐熟骨访弱蒙歌店鬼软典欲萨伙遭盘爸扩盖弄雄稳忘亿刺拥徒姆杨齐赛趣曲刀床迎冰虚玩析窗醒妻透"
    "购替塞努休虎扬途侵刑绿兄迅套贸毕唯谷轮库迹尤竞街促延震弃甲伟麻川申缓潜闪售灯针哲络抵朱埃抱鼓植纯夏"
    "忍页杰筑折郑贝尊吴秀混臣雅振染盛怒舞圆搞狂措姓残秋培迷诚宽宇猛摆梅毁伸摩盟末乃悲拍丁赵硬麦蒋操耶阻"
    "订彩抽赞魔纷沿喊违妹浪汇币丰蓝殊献桌啦瓦援译夺汽烧距裁偏符勇触课敬哭懂墙袭召罚侠厅拜巧侧韩冒债曼融"
    "惯享戴童犹乘挂奖绍厚纵障讯涉彻刊丈爆乌役描洗玛患妙镜唱烦签仙彼弗症仿倾牌陷鸟轰咱菜闭奋庆撤泪茶疾缘"
    "播朗杜奶季丹狗尾仪偷奔珠虫驻孔宜艾桥淡翼恨繁寒伴叹旦愈潮粮缩罢聚径恰挑袋灰捕徐珍幕映裂泰隔启尖忠累"
    "炎暂估泛荒偿横拒瑞忆孤鼻闹羊呆厉衡胞零穷舍码赫婆魂灾洪腿胆津俗辩胸晓劲贫仁偶辑邦恢赖圈摸仰润堆碰艇"
    "稍迟辆废净凶署壁御奉旋冬矿抬蛋晨伏吹鸡倍糊秦盾杯租骑乏隆诊奴摄丧污渡旗甘耐凭扎抢绪粗肩梁幻菲皆碎宙"
    "叔岩荡综爬荷悉蒂返井壮薄悄扫敏碍殖详迪矛霍允幅撒剩凯颗骂赏液番箱贴漫酸郎腰舒眉忧浮辛恋餐吓挺励辞艘"
    "键伍峰尺昨黎辈贯侦滑券崇扰宪绕趋慈乔阅汗枝拖墨胁插箭腊粉泥氏彭拔骗凤慧媒佩愤扑龄驱惜豪掩兼跃尸肃帕"
    "驶堡届欣惠册储飘桑闲惨洁踪勃宾频仇磨递邪撞拟滚奏巡颜剂绩贡疯坡瞧截燃焦殿伪柳锁逼颇昏劝呈搜勤戒驾漂"
    "饮曹朵仔柔俩孟腐幼践籍牧凉牲佳娜浓芳稿竹腹跌逻垂遵脉貌柏狱猜怜惑陶兽帐饰贷昌叙躺钢沟寄扶铺邓寿惧询"
    "汤盗肥尝匆辉奈扣廷澳嘛董迁凝慰厌脏腾幽怨鞋丢埋泉涌辖躲晋紫艰魏吾慌祝邮吐狠鉴曰械咬邻赤挤弯椅陪割揭"
    "韦悟聪雾锋梯猫祥阔誉筹丛牵鸣沈阁穆屈旨袖猎臂蛇贺柱抛鼠瑟戈牢逊迈欺吨琴衰瓶恼燕仲诱狼池疼卢仗冠粒遥"
)
_TRADITIONAL_PAIRS = (
    "这這个個们們来來为為国國说說时時会會对對发發后後过過经經学學进進种種还還没沒动動现現实實点點业業关關"
    "将將两兩问問间間长長机機电電开開与與无無体體见見样樣让讓从從么麼东東车車门門头頭马馬鱼魚鸟鳥风風飞飛"
    "书書听聽话話语語读讀认認识識请請谁誰谢謝记記设設计計论論议議该該诉訴证證调調讲講许許变變边邊应應质質"
    "资資贵貴买買卖賣员員页頁题題顺順须須预預领領义義乐樂万萬广廣产產亲親处處备備复復权權条條术術众眾优優"
    "伤傷传傳价價华華单單历歷压壓厂廠县縣参參双雙号號叶葉吗嗎响響园園图圖场場块塊坏壞声聲夺奪奋奮妇婦妈媽"
    "孙孫宝寶导導层層岁歲岛島币幣师師带帶帮幫干幹并並庄莊异異张張弹彈强強归歸当當录錄总總战戰户戶执執报報"
    "担擔拥擁择擇护護挥揮换換据據损損数數断斷旧舊显顯暂暫杀殺杂雜极極构構标標树樹检檢欢歡毕畢气氣汉漢满滿"
    "灭滅灯燈灵靈热熱爱愛状狀独獨环環画畫监監确確礼禮离離积積称稱稳穩穷窮笔筆节節范範简簡类類紧緊红紅约約"
    "级級纪紀纸紙线線练練组組细細织織终終结結给給绝絕统統继繼续續维維综綜绿綠编編网網罗羅职職联聯胜勝脑腦"
    "脸臉艺藝苏蘇荣榮药藥获獲营營虽雖补補装裝观觀规規视視觉覺访訪评評词詞译譯试試诚誠误誤课課谈談负負财財"
    "责責败敗货貨购購费費贸貿赏賞赵趙赛賽转轉轮輪软軟轻輕载載较較辆輛达達运運远遠违違连連适適选選遗遺邮郵"
    "释釋钟鐘钢鋼钱錢铁鐵银銀错錯闭閉闻聞队隊阳陽阴陰阵陣阶階际際陆陸陈陳险險随隨难難静靜顶頂项項顾顧预預"
    "频頻颜顏饭飯馆館验驗鲜鮮鸡雞黄黃齐齊龙龍党黨伟偉冲衝准準刘劉则則刚剛创創别別剧劇办辦务務劳勞势勢区區"
    "医醫协協卫衛却卻厅廳团團围圍圆圓圣聖坚堅够夠奖獎宁寧审審寻尋尔爾尽盡属屬帅帥库庫废廢态態怀懷恶惡惊驚"
    "愿願戏戲扩擴扬揚护護挂掛摆擺敌敵斗鬥晓曉杨楊枪槍梦夢楼樓欧歐残殘汇匯测測济濟渐漸湿濕灿燦烟煙烦煩烧燒"
    "牵牽献獻疗療盖蓋盘盤码碼础礎竞競签簽粮糧纳納纷紛绍紹绪緒缓緩缘緣缩縮罚罰习習聪聰脏髒艰艱虑慮虚虛虫蟲"
    "触觸誉譽讨討训訓讯訊诗詩诞誕详詳谋謀谓謂贡貢贫貧贯貫贴貼贷貸贺賀赔賠赖賴赢贏赶趕趋趨跃躍践踐踪蹤轰轟"
    "辉輝输輸辞辭迁遷迈邁递遞邓鄧邻鄰郑鄭针針铜銅链鏈销銷锁鎖锋鋒镜鏡闪閃闲閒阅閱陕陝隐隱韩韓顿頓颗顆额額"
    "饮飲驱驅驶駛驻駐驾駕骑騎鲁魯龄齡齿齒滚滾闹鬧疯瘋灾災宪憲岗崗厉厲农農兴興举舉乡鄉亚亞仪儀们們众眾纯純"
)


class _Choice(NamedTuple):
    """A Python codec to decode with and the encoding name to report."""

    codec: str
    name: str


class Decoded(NamedTuple):
    """Clean text, the encoding it was read as, and how many stray controls were removed."""

    text: str
    encoding: str
    controls_removed: int = 0
    #: Characters that did not decode in an encoding the user forced (shown as U+FFFD).
    undecodable: int = 0

    def notices(self) -> list[str]:
        """What the reader tells the user about this decoding, one line each."""
        out = []
        if n := self.controls_removed:
            out.append(f"{n} control character{'s' if n != 1 else ''} removed (escape sequences count as one)")
        if n := self.undecodable:
            out.append(f"{n} byte sequence{'s' if n != 1 else ''} not valid {self.encoding} (shown as �)")
        return out


def decode(data: bytes, path: str = "<bytes>", declared: str | None = None,
           forced: str | None = None) -> Decoded:
    """Decode an article file's bytes to clean text.

    `declared` is the charset the document itself names (see `sniff_declared_charset`);
    it is verified, not trusted. `forced` is the user's word (an override in
    `library.toml`): no detection, bytes that do not fit become U+FFFD and are counted in
    a notice. The text has "\\n" newlines and no control characters or terminal escape
    sequences (tabs kept). Raises `IngestError` for empty, binary or undecodable input.
    """
    if not data:
        raise IngestError(path, "empty file")
    bad = 0
    if forced:
        text, name, bad = _decode_forced(data, path, forced)
    else:
        text, name = _decode(data, path, declared)
    text, removed = strip_controls_counted(normalise_newlines(text))
    if not text.strip():
        raise IngestError(path, "empty file (no readable text)")
    return Decoded(text, name, removed, bad)


def _decode_forced(data: bytes, path: str, label: str) -> tuple[str, str, int]:
    """(text, name, bytes that did not decode) with the encoding the user named."""
    try:
        info = codecs.lookup(label)
    except LookupError:
        raise IngestError(path, f"unknown encoding {label!r}") from None
    if info.name == "utf-8" and data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # "utf-16" and "utf-32" read (and drop) their BOM themselves
    text = data.decode(info.name, "replace")
    return text, info.name, text.count("\ufffd")


def decode_bytes(
    data: bytes, path: str = "<bytes>", declared: str | None = None
) -> tuple[str, str]:
    """`decode` as (text, encoding name), for callers that need no notices."""
    found = decode(data, path, declared)
    return found.text, found.encoding


def sniff_declared_charset(head: bytes) -> str | None:
    """The charset a document declares in its first bytes: XML prolog, `<meta charset>`,
    or `<meta http-equiv="Content-Type" content="...; charset=...">`.

    Returns the label lower-cased as written ("gb2312", "windows-1252"), or None when
    nothing is declared or the label names no encoding Python knows.
    """
    head = head[:16384]
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    match = _XML_DECL.match(head) or _META_CHARSET.search(head)
    if match is None:
        return None
    label = match.group(1).decode("ascii", "ignore").strip().lower()
    return label if _resolve_label(label) is not None else None


_XML_DECL = re.compile(rb"\s*<\?xml[^>]{0,200}?encoding\s*=\s*[\"']?([A-Za-z0-9._:\-]+)", re.I)
_META_CHARSET = re.compile(rb"<meta\b[^>]{0,500}?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:\-]+)", re.I)


# --------------------------------------------------------------------------- the decision


def _decode(data: bytes, path: str, declared: str | None) -> tuple[str, str]:
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            text = _lenient(data[len(bom) :], codec)
            if text is None:
                raise IngestError(path, f"invalid {name} text (broken byte sequences)")
            return text, name

    head = data[:_HEAD]
    kind = binary_kind(head)
    if kind:
        raise IngestError(path, f"binary file ({kind}), not text")
    if b"\x00" in head:
        wide = _sniff_wide(head)
        text = _lenient(data, wide) if wide else None
        if wide is not None and text is not None and not _control_heavy(text[:_HEAD]):
            return text, wide
        if not _text_with_stray_controls(head):
            raise IngestError(path, "binary file (not text)")
    elif len(head) - len(head.translate(None, _CONTROL_BYTE_SET)) > max(2, len(head) // 10):
        if not _text_with_stray_controls(head):
            raise IngestError(path, "binary file (not text)")

    if declared:
        found = _try_declared(data, declared)
        if found is not None:
            return found

    if data.isascii():
        return _decode_seven_bit(data)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        truncated = exc.reason == "unexpected end of data" and exc.start >= len(data) - 3
    if truncated or _mostly_utf8(data):
        text = _lenient(data, "utf-8")
        if text is not None:
            return text, "utf-8"
    return _detect(data, path)


#: Signatures of formats that are never text, whatever their name says: (offset, bytes, name).
_MAGIC: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\x89PNG\r\n\x1a\n", "PNG image"),
    (0, b"\xff\xd8\xff", "JPEG image"),
    (0, b"GIF87a", "GIF image"),
    (0, b"GIF89a", "GIF image"),
    (0, b"PK\x03\x04", "ZIP archive"),
    (0, b"PK\x05\x06", "ZIP archive"),
    (0, b"\x7fELF", "ELF executable"),
    (0, b"\x1f\x8b", "gzip archive"),
    (0, b"BZh", "bzip2 archive"),
    (0, b"\xfd7zXZ\x00", "xz archive"),
    (0, b"\x28\xb5\x2f\xfd", "zstd archive"),
    (0, b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (0, b"Rar!\x1a\x07", "RAR archive"),
    (0, b"%PDF-", "PDF document"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Office document"),
    (0, b"SQLite format 3\x00", "SQLite database"),
    (0, b"\xca\xfe\xba\xbe", "Mach-O or Java class"),
    (0, b"\xcf\xfa\xed\xfe", "Mach-O executable"),
    (0, b"\x00asm", "WebAssembly module"),
    (0, b"OggS", "Ogg media"),
    (0, b"ID3", "MP3 audio"),
    (0, b"fLaC", "FLAC audio"),
    (0, b"\x1aE\xdf\xa3", "Matroska/WebM video"),
    (4, b"ftyp", "MP4/QuickTime media"),
    (257, b"ustar", "tar archive"),
)


def binary_kind(head: bytes) -> str | None:
    """The name of the binary format these first bytes start, or None.

    Why signatures and not only a byte count: a few stray control bytes in a text file must
    not get it refused (`less` shows it; so do we), so the count alone can no longer decide;
    a known signature can. "MZ" (DOS/Windows executables) needs a NUL too: the two letters
    alone start ordinary words."""
    for offset, magic, name in _MAGIC:
        if head.startswith(magic, offset):
            return name
    if head.startswith(b"MZ") and b"\x00" in head[:64]:
        return "Windows executable"
    if head.startswith(b"RIFF") and head[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return "RIFF media"
    return None


def _text_with_stray_controls(head: bytes) -> bool:
    """True when the control bytes in a file's head are strays in text, not binary data.

    What is left once the controls are taken out must read as text: ASCII or UTF-8 (a
    character cut by the end of the head allowed) with controls up to a third of the bytes
    (a tiny file with three NULs is still text), or a legacy 8-bit/CJK encoding with
    controls under 2%. Random bytes are about 13% controls and never valid UTF-8."""
    rest = head.translate(None, _CONTROL_BYTE_SET)
    stray = len(head) - len(rest)
    if not rest.strip() or stray * 3 > len(head):
        return False
    if rest.isascii():
        return True
    try:
        rest.decode("utf-8")
        return True
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.start >= len(rest) - 3:
            return True
    return stray * 50 <= len(head)


def _decode_seven_bit(data: bytes) -> tuple[str, str]:
    """7-bit input is ASCII, unless it is ISO-2022 (escape-switched CJK) text."""
    if b"\x1b" in data:
        if any(esc in data for esc in _ISO2022_JP_ESCAPES):
            for codec in ("iso2022_jp", "iso2022_jp_ext", "iso2022_jp_2", "iso2022_jp_2004"):
                try:
                    return data.decode(codec), "iso-2022-jp"
                except UnicodeDecodeError:
                    continue
        if _ISO2022_KR_ESCAPE in data:
            try:
                return data.decode("iso2022_kr"), "iso-2022-kr"
            except UnicodeDecodeError:
                pass
    return data.decode("ascii"), "utf-8"


def _try_declared(data: bytes, declared: str) -> tuple[str, str] | None:
    """Use the declared charset if the bytes agree with it; None to fall back to detection."""
    choice = _resolve_label(declared.strip().lower())
    if choice is None:
        return None
    if choice.codec == "utf-8":
        text = _lenient(data, "utf-8") if not data.isascii() else data.decode("ascii")
        return (text, "utf-8") if text is not None else None
    if data.isascii():
        if choice.codec.startswith("iso2022"):
            return _decode_seven_bit(data)
        return data.decode("ascii"), choice.name
    # A page that declares a legacy charset but is valid UTF-8 is UTF-8 (a multi-byte
    # UTF-8 stream of any length is practically never valid GBK or Big5 prose).
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):  # ... even with a stray broken byte or two
        text = _lenient(data, "utf-8")
        if text is not None:
            return text, "utf-8"
    if choice.name in ("gb18030", "big5", "cp1252"):
        # Declared GB but really Big5 (or the reverse), or "latin-1" on a Chinese page.
        sample = _sample(data, _SCORE_SAMPLE)
        best, score = _best_chinese(sample)
        declared_score = _chinese_score(sample, choice.codec) if choice.name != "cp1252" else 0.0
        if best.name != choice.name and score >= _ZH_STRONG and score > declared_score + 0.5:
            choice = best
    text = _decode_as(data, choice.codec)
    return (text, choice.name) if text is not None else None


def _detect(data: bytes, path: str) -> tuple[str, str]:
    """No BOM, no valid declaration, not UTF-8: score Chinese ourselves, ask the detector else."""
    sample = _sample(data, _DETECT_SAMPLE)
    score_sample = _sample(data, _SCORE_SAMPLE)
    zh, zh_score = _best_chinese(score_sample)
    # Korean and Japanese read as GB/Big5 give plausible-looking ideographs; they are
    # recognised by their own common syllables / kana before the scorer may win.
    foreign = zh_score >= _ZH_WEAK and (_korean_like(score_sample) or _japanese_like(score_sample))
    candidates: list[_Choice] = []
    if zh_score >= _ZH_STRONG and not foreign:
        candidates.append(zh)
    else:
        # Weaker Chinese evidence wins only where the detector itself says "some CJK
        # encoding" (it mistakes short GBK for cp949, Big5 for johab) or has no idea.
        guess = _detector(sample)
        weak_zh = zh_score >= _ZH_WEAK and not foreign
        if weak_zh and (guess is None or guess.codec in _CJK_CODECS):
            candidates.append(zh)
        if guess is not None:
            candidates.append(guess)
        if _looks_western(sample):
            candidates.append(_Choice("cp1252", "cp1252"))
    for choice in candidates:
        text = _decode_as(data, choice.codec)
        if text is None and choice.codec == "cp1252":
            text = data.decode("latin-1")
        if text is not None:
            return text, choice.name
    if zh_score > 0 and zh not in candidates:
        # Too little text for anyone to be sure (a title, a few characters): the better
        # Chinese reading, if it decodes cleanly, beats refusing the file.
        try:
            return data.decode(zh.codec), zh.name
        except UnicodeDecodeError:
            pass
    raise IngestError(path, "cannot tell the text encoding (not a text file?)")


def _detector(sample: bytes) -> _Choice | None:
    """charset-normalizer's best guess, preferring cp1252 among equally good Latin pages."""
    from charset_normalizer import from_bytes  # imported late: only odd files pay for it

    try:
        results = from_bytes(sample)
    except Exception:  # noqa: BLE001 - a detector bug must not become a traceback
        return None
    best = results.best()
    if best is None:
        return None
    codec = codecs.lookup(best.encoding).name
    if codec.startswith(("utf_16", "utf_32", "utf-16", "utf-32")):
        return None  # wide encodings are found by their BOM or NUL pattern, not guessed
    if codec in _LATIN_CODECS and codec != "cp1252" and _prefer_cp1252(sample, str(best)):
        codec = "cp1252"
    return _Choice(codec, _NAMES.get(codec, codec.replace("_", "-")))


#: What Western European text uses beyond ASCII (French, German, Spanish, Italian,
#: Portuguese, Dutch, Scandinavian) plus typographic punctuation.
_WESTERN = frozenset(
    "àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿßÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝœŒªº"
    "\u2019\u2018\u201c\u201d\u201e\u2013\u2014\u2026€«»°©®™·¿¡£§¶•×±²³µ¼½¾\xa0"
)


def _prefer_cp1252(sample: bytes, guessed: str) -> bool:
    """cp1252 over the detector's Latin guess when cp1252 reads every non-ASCII byte as
    Western letters or punctuation and the guess does not (French read as cp1257 gives
    "naļve"), or when both read the sample identically."""
    try:
        as_1252 = sample.decode("cp1252")
    except UnicodeDecodeError:
        return False
    if as_1252 == guessed:
        return True
    return all(ch in _WESTERN for ch in as_1252 if ch > "\x7f") and not all(
        ch in _WESTERN for ch in guessed if ch > "\x7f"
    )


# --------------------------------------------------------------------------- helpers


@lru_cache(maxsize=64)
def _resolve_label(label: str) -> _Choice | None:
    """A declared label → the codec to decode with and the name to report."""
    if label in _LABELS:
        codec, name = _LABELS[label]
        return _Choice(codec, name)
    if label.startswith(("utf-16", "utf-32", "utf16", "utf32", "ucs-2", "unicode")):
        # Found in ASCII-compatible bytes, so the declaration is wrong: browsers use UTF-8.
        return _Choice("utf-8", "utf-8")
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        return None
    if codec in ("rot-13", "base64", "hex", "zlib", "bz2", "quopri", "uu"):
        return None
    return _Choice(codec, _NAMES.get(codec, codec.replace("_", "-")))


def _decode_as(data: bytes, codec: str) -> str | None:
    """`_lenient`, except that Big5 first tries its two supersets strictly: cp950 (the
    Windows table, with the euro sign and ETEN extensions) and Big5-HKSCS (Hong Kong
    characters such as 㗎), before accepting replacement characters."""
    if codec == "cp950":
        for superset in ("cp950", "big5hkscs"):
            try:
                return data.decode(superset)
            except UnicodeDecodeError:
                continue
    return _lenient(data, codec)


def _lenient(data: bytes, codec: str) -> str | None:
    """Strict decode; else accept a decoding with only a few broken sequences (a truncated
    last character, a stray byte), shown as U+FFFD; None when too much is broken."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        pass
    except LookupError:
        return None
    text = data.decode(codec, errors="replace")
    bad = text.count("\ufffd")
    if bad <= max(_MAX_BAD_ABSOLUTE, int(len(text) * _MAX_BAD_SHARE)):
        return text
    return None


def _mostly_utf8(data: bytes) -> bool:
    """True when a sample is UTF-8 with only rare broken sequences (not a legacy encoding)."""
    sample = _sample(data, _DETECT_SAMPLE)
    text = sample.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    multibyte = sum(1 for ch in text if ch > "\x7f") - bad
    return multibyte >= 4 and bad * 50 <= multibyte


def _sniff_wide(head: bytes) -> str | None:
    """UTF-32 or UTF-16 without a BOM, recognised by where the NUL bytes fall."""
    n = len(head) - len(head) % 4
    if n < 8:
        return None
    quads = n // 4
    z = [head[i:n:4].count(0) for i in range(4)]
    if z[3] == quads and z[2] >= 0.9 * quads and z[0] < quads:
        return "utf-32-le"
    if z[0] == quads and z[1] >= 0.9 * quads and z[3] < quads:
        return "utf-32-be"
    pairs = n // 2
    even, odd = z[0] + z[2], z[1] + z[3]
    if odd >= 0.3 * pairs and even <= 0.05 * pairs:
        return "utf-16-le"
    if even >= 0.3 * pairs and odd <= 0.05 * pairs:
        return "utf-16-be"
    return None


def _control_heavy(text: str) -> bool:
    """Decoded text that is more than a tenth control characters is not text."""
    controls = sum(1 for ch in text if ch < " " and ch not in "\t\n\r\x0c\x1b")
    return controls * 10 > len(text)


def _first_high_byte(data: bytes, step: int = 65536) -> int:
    """Index of the first byte >= 0x80, or -1. `bytes.isascii` on slices runs at memory
    speed; a regex scan of a 5 MB ASCII prefix took 0.1 s."""
    for offset in range(0, len(data), step):
        if not data[offset : offset + step].isascii():
            match = _HIGH_BYTE.search(data, offset, offset + step)
            return match.start() if match else -1
    return -1


def _sample(data: bytes, size: int) -> bytes:
    """A window of about `size` bytes that starts just before the first non-ASCII byte and
    ends after an ASCII byte below 0x40, so double-byte characters are never cut in two."""
    first = _first_high_byte(data)
    start = max(0, first - 64) if first >= 0 else 0
    end = start + size
    if end >= len(data):
        return data[start:]
    for i in range(end - 1, max(start, end - 512), -1):
        if data[i] < 0x40:
            return data[start : i + 1]
    return data[start:end]


def _looks_western(sample: bytes) -> bool:
    """Mostly printable ASCII with a sprinkling of high bytes: an old Western page."""
    if not sample:
        return False
    high = len(_HIGH_BYTE.findall(sample))
    return high * 4 <= len(sample) and not _CONTROL_BYTES.search(sample)


# --------------------------------------------------------------------------- Chinese scorer

_CHOICES = (_Choice("gb18030", "gb18030"), _Choice("cp950", "big5"))


def _best_chinese(sample: bytes) -> tuple[_Choice, float]:
    """The better of GB18030 and Big5 for this sample, with its score."""
    scored = [(_chinese_score(sample, c.codec), i) for i, c in enumerate(_CHOICES)]
    score, i = max(scored)
    return _CHOICES[i], score


def _chinese_score(sample: bytes, codec: str) -> float:
    """Points per non-ASCII character of the sample decoded with `codec`.

    +3 a very common character (simplified or traditional), +1 a level-1 (frequent)
    character of that encoding's own table or CJK/full-width punctuation, 0 another
    ideograph, -1 anything else (kana, Cyrillic, box drawing: what GB2312's symbol rows
    yield when Big5 is read as GB), -3 private-use or undecodable.
    """
    text = sample.decode(codec, errors="replace")
    common, level1 = _common_chars(), _level1_chars(codec)
    points = 0
    count = 0
    for ch in text:
        if ch < "\x80":
            continue
        count += 1
        o = ord(ch)
        if ch in common:
            points += 3
        elif (
            ch in level1 or 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF or 0x2010 <= o <= 0x2027
        ):
            points += 1
        elif 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF:
            pass
        elif 0xE000 <= o <= 0xF8FF or o == 0xFFFD:
            points -= 3
        else:
            points -= 1
    return points / count if count else 0.0


@lru_cache(maxsize=1)
def _common_chars() -> frozenset[str]:
    pairs = _TRADITIONAL_PAIRS
    return frozenset(_COMMON_SIMPLIFIED) | frozenset(pairs[1::2])


@lru_cache(maxsize=4)
def _level1_chars(codec: str) -> frozenset[str]:
    """The frequent-character plane of each table: GB2312 level 1 (rows B0-D7, the 3755
    common characters) and Big5 level 1 (A440-C67E, the 5401 frequent characters)."""
    if codec == "gb18030":
        raw = bytes(
            b for lead in range(0xB0, 0xD8) for trail in range(0xA1, 0xFF) for b in (lead, trail)
        )
        return frozenset(raw.decode("gb2312", errors="ignore"))
    trails = [*range(0x40, 0x7F), *range(0xA1, 0xFF)]
    raw = bytes(
        b
        for lead in range(0xA4, 0xC7)
        for trail in trails
        if lead < 0xC6 or trail < 0x7F
        for b in (lead, trail)
    )
    return frozenset(raw.decode("cp950", errors="ignore"))


# The most frequent Hangul syllables in Korean prose.
_KOREAN_COMMON = frozenset(
    "이다는의에하고을가로를지한기서사도자리대일어수게나시인들아요부정해주있것그적으면되라전과보장제만같성"
    "내상우실모여까니스개더위분원중할않없함된비동말습했국와학생년시간경은우리때문"
)


def _korean_like(sample: bytes) -> bool:
    """Real Korean (EUC-KR/CP949): common Hangul syllables and spaces between words. GB
    text read as CP949 also gives Hangul, but random syllables with no spaces."""
    text = sample.decode("cp949", errors="replace")
    hangul = [ch for ch in text if "\uac00" <= ch <= "\ud7a3"]
    if len(hangul) < 4:
        return False
    nonascii = sum(1 for ch in text if ch > "\x7f")
    common = sum(1 for ch in hangul if ch in _KOREAN_COMMON)
    spaces = text.count(" ")
    return (
        len(hangul) >= 0.5 * nonascii
        and common >= 0.3 * len(hangul)
        and spaces >= 0.1 * len(hangul)
    )


# The most frequent hiragana (particles and endings) in Japanese prose.
_HIRAGANA_COMMON = frozenset("のにはをたがでてとしいるなれかもすりうっこまらんあよく")


def _japanese_like(sample: bytes) -> bool:
    """Real Japanese (Shift_JIS or EUC-JP): a good share of kana, mostly particles. Chinese
    read as Shift_JIS gives half-width katakana instead; Big5 read as EUC-JP gives kana
    evenly spread, not particles."""
    for codec in ("cp932", "euc_jp"):
        text = sample.decode(codec, errors="replace")
        nonascii = sum(1 for ch in text if ch > "\x7f")
        if nonascii < 4 or text.count("\ufffd") > 0.02 * nonascii:
            continue
        kana = [ch for ch in text if "\u3040" <= ch <= "\u30ff"]
        common = sum(1 for ch in kana if ch in _HIRAGANA_COMMON)
        if len(kana) >= 0.2 * nonascii and common >= 0.35 * len(kana):
            return True
    return False
