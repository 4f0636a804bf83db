"""Word tables for the synthetic corpus: places, names, topics, sentence templates.

The English tables are copied from the peers' generator
(`../shared/peers/make_corpus.py`), so that the hub's base entries are the same
text the Hugo and MkDocs peers build. The Indonesian tables are ours and feed
the `<slug>.id.md` translations. Everything is synthetic: benchmark load,
never site content.
"""

from dataclasses import dataclass

# Country facts by ISO code: local name, rough bounding box (lat_min, lat_max,
# lon_min, lon_max) and the real ASCN pilot cities. The country list itself and
# its English names come from the hub's content/_data/countries.yaml.
COUNTRY_FACTS = {
    "BN": ("Negara Brunei Darussalam", (4.0, 5.0, 114.1, 115.3), ["Bandar Seri Begawan"]),
    "KH": ("Kampuchea", (10.4, 14.6, 102.4, 107.6), ["Battambang", "Phnom Penh", "Siem Reap"]),
    "ID": ("Indonesia", (-10.5, 5.5, 95.3, 140.9), ["Banyuwangi", "DKI Jakarta", "Makassar"]),
    "LA": ("Sathalanalat Paxathipatai Paxaxon Lao", (14.0, 22.4, 100.2, 107.6), ["Luang Prabang", "Vientiane"]),
    "MY": ("Malaysia", (1.3, 7.3, 100.0, 119.2), ["Johor Bahru", "Kota Kinabalu", "Kuala Lumpur", "Kuching"]),
    "MM": ("Myanma", (10.0, 28.5, 92.3, 101.1), ["Mandalay", "Nay Pyi Taw", "Yangon"]),
    "PH": ("Pilipinas", (5.0, 20.8, 117.2, 126.5), ["Cebu City", "Davao City", "Manila"]),
    "SG": ("Singapura", (1.25, 1.45, 103.65, 103.98), ["Singapore"]),
    "TH": ("Prathet Thai (ประเทศไทย)", (5.7, 20.4, 97.4, 105.6),
           ["Bangkok (กรุงเทพมหานคร)", "Chonburi (ชลบุรี)", "Phuket (ภูเก็ต)"]),
    "VN": ("Việt Nam", (8.7, 23.3, 102.2, 109.4), ["Đà Nẵng", "Hà Nội", "Thành phố Hồ Chí Minh"]),
    "TL": ("Timór Lorosa'e", (-9.4, -8.2, 124.1, 127.3), ["Dili"]),
}
# For a country added to countries.yaml that the tables above do not know yet.
UNKNOWN_COUNTRY = ("", (0.0, 10.0, 100.0, 110.0), [])

# Syllables for synthetic city names beyond the real pilot cities.
SYLLABLES = {
    "BN": (["Kampong", "Bukit", "Kuala", "Pekan"], ["Tutong", "Belait", "Muara", "Berakas", "Gadong", "Lumut"]),
    "KH": (["Phum", "Krong", "Stueng", "Prey"], ["Chhnang", "Thom", "Veng", "Sen", "Kampot", "Kaeb"]),
    "ID": (["Kota", "Tanjung", "Sungai", "Bukit", "Muara", "Pulau"],
           ["Sari", "Raya", "Baru", "Indah", "Jaya", "Mas", "Harapan", "Makmur"]),
    "LA": (["Muang", "Ban", "Pak", "Xieng"], ["Xay", "Kham", "Phon", "Sane", "Ngeun", "Houn"]),
    "MY": (["Bandar", "Kota", "Batu", "Sungai", "Alor"], ["Baru", "Tinggi", "Pahat", "Petani", "Setar", "Jaya"]),
    "MM": (["Myo", "Taung", "Kyauk", "Pyin"], ["Gyi", "Thar", "Oo", "Nyaung", "Sein", "Daw"]),
    "PH": (["San", "Santa", "Bagong", "Puerto"], ["Isidro", "Rosa", "Lungsod", "Princesa", "Fernando", "Carlos"]),
    "SG": (["Jurong", "Punggol", "Tampines"], ["East", "West", "Central", "North"]),
    "TH": ([("Nakhon", "นคร"), ("Mueang", "เมือง"), ("Ban", "บ้าน"), ("Nong", "หนอง")],
           [("Chai", "ชัย"), ("Si", "ศรี"), ("Thong", "ทอง"), ("Thani", "ธานี"), ("Buri", "บุรี"), ("Sai", "ทราย")]),
    "VN": (["Tân", "Bình", "Phú", "Long", "Hòa", "Quảng"], ["Hưng", "Thạnh", "Sơn", "Yên", "Đông", "Mỹ", "Lộc", "An"]),
    "TL": (["Vila", "Suai", "Aileu"], ["Nova", "Loro", "Manu", "Lete"]),
}
DEFAULT_SYLLABLES = (["Kota", "Ban", "San"], ["Baru", "Raya", "Nova", "Thani"])

# (slug part, English title, focus area, Indonesian title, Vietnamese title, Thai title)
TOPICS = [
    ("operations-centre", "Smart City Operations Centre", "industry-and-innovation",
     "Pusat Komando Kota Cerdas", "Trung tâm Điều hành Đô thị Thông minh", "ศูนย์ปฏิบัติการเมืองอัจฉริยะ"),
    ("traffic-management", "Intelligent Traffic Management", "built-infrastructure",
     "Sistem Manajemen Lalu Lintas Cerdas", "Hệ thống Quản lý Giao thông Thông minh", "ระบบจัดการจราจรอัจฉริยะ"),
    ("flood-warning", "Flood Early Warning Network", "quality-environment",
     "Sistem Peringatan Dini Banjir", "Hệ thống Cảnh báo Sớm Lũ lụt", "ระบบเตือนภัยน้ำท่วม"),
    ("telemedicine", "Telemedicine for Community Clinics", "health-and-well-being",
     "Layanan Telemedis Puskesmas", "Khám chữa bệnh Từ xa", "บริการสุขภาพทางไกล"),
    ("cctv-response", "Integrated CCTV and Emergency Response", "safety-and-security",
     "Pemantauan CCTV Terpadu", "Camera Giám sát An ninh", "กล้องวงจรปิดอัจฉริยะ"),
    ("citizen-portal", "Digital Citizen Services Portal", "civic-and-social",
     "Portal Layanan Publik Digital", "Cổng Dịch vụ Công Trực tuyến", "บริการประชาชนดิจิทัล"),
    ("smart-lighting", "Smart Street Lighting", "built-infrastructure", None, None, None),
    ("waste-collection", "Sensor-based Waste Collection", "quality-environment", None, None, None),
    ("air-quality", "Air Quality Monitoring Network", "quality-environment", None, None, None),
    ("water-loss", "Non-revenue Water Reduction", "built-infrastructure", None, None, None),
    ("e-payment", "Cashless Municipal Payments", "industry-and-innovation", None, None, None),
    ("startup-hub", "Urban Innovation and Start-up Hub", "industry-and-innovation", None, None, None),
    ("open-data", "Open Data Platform", "civic-and-social", None, None, None),
    ("heritage-tourism", "Digital Heritage Tourism", "civic-and-social", None, None, None),
    ("elderly-care", "Connected Elderly Care", "health-and-well-being", None, None, None),
    ("disaster-shelters", "Disaster Shelter Information System", "safety-and-security", None, None, None),
    ("bus-rapid-transit", "Bus Rapid Transit Upgrade", "built-infrastructure", None, None, None),
    ("green-buildings", "Green Building Retrofits", "quality-environment", None, None, None),
]
# Indonesian titles of the topics the table above gives none for (translations only).
TOPIC_TITLES_ID = {
    "smart-lighting": "Penerangan Jalan Cerdas",
    "waste-collection": "Pengangkutan Sampah Berbasis Sensor",
    "air-quality": "Jaringan Pemantauan Kualitas Udara",
    "water-loss": "Pengurangan Air Tak Berekening",
    "e-payment": "Pembayaran Nontunai Pemerintah Kota",
    "startup-hub": "Pusat Inovasi dan Perusahaan Rintisan",
    "open-data": "Platform Data Terbuka",
    "heritage-tourism": "Wisata Warisan Budaya Digital",
    "elderly-care": "Layanan Lansia Terhubung",
    "disaster-shelters": "Sistem Informasi Tempat Pengungsian",
    "bus-rapid-transit": "Peningkatan Bus Rapid Transit",
    "green-buildings": "Retrofit Bangunan Hijau",
}

STATUSES = ["planned", "ongoing", "completed", "discontinued"]
FORMATS = ["in-person", "virtual", "hybrid"]
PARTNERS = ["ASEAN Secretariat", "Asian Development Bank", "World Bank", "JICA", "KOICA",
            "UN-Habitat", "Australian Government (DFAT)", "USAID", "GIZ", "Temasek Foundation",
            "National University of Singapore", "local university consortium", "a telecom operator",
            "a regional utility company", "the provincial government"]
ADJ = ["integrated", "low-cost", "open", "community-led", "data-driven", "resilient", "inclusive",
       "interoperable", "cloud-based", "mobile-first", "citywide", "pilot-scale", "modular", "solar-powered",
       "bilingual", "offline-capable", "shared", "real-time", "district-level", "accessible", "standardised"]
THINGS = ["sensors", "dashboards", "field teams", "kiosks", "mobile apps", "service counters",
          "data feeds", "control rooms", "training sessions", "public consultations", "APIs", "maps",
          "smart meters", "chatbots", "drones", "gauges", "cameras", "call centres", "e-wallets", "registries"]
TECH = ["LoRaWAN", "GIS", "BIM", "SCADA", "IoT gateways", "5G", "fibre backbones", "QR codes",
        "digital twins", "open-source software", "satellite imagery", "machine learning", "USSD menus",
        "WhatsApp channels", "Python scripts", "PostgreSQL", "OpenStreetMap", "edge computing"]
PLACES = ["drainage canals", "wet markets", "ferry terminals", "bus depots", "primary schools",
          "community health centres", "fishing villages", "industrial estates", "heritage shophouses",
          "river banks", "landfill sites", "water treatment plants", "night markets", "informal settlements",
          "hospitals", "university campuses", "port areas", "old town", "satellite towns", "rice fields"]
VERBS = ["reduced", "improved", "shortened", "expanded", "stabilised", "doubled", "simplified", "halved", "tracked"]
METRICS = ["average response time", "the share of services available online", "household water losses",
           "travel time on the main corridors", "the number of reported incidents",
           "energy use in public buildings", "waiting time at clinics", "the volume of uncollected waste",
           "the time to issue a business permit", "the number of flooded streets", "late bus arrivals",
           "paper forms in circulation"]
# Proper nouns make the vocabulary (and so the search indexes) less uniform.
PEOPLE = {
    "VN": (["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng"],
           ["Minh Anh", "Thu Hà", "Văn Hùng", "Quốc Bảo", "Thị Lan", "Đức Thắng"]),
    "ID": (["Sari", "Budi", "Wulan", "Agus", "Dewi", "Rizky", "Putu"],
           ["Santoso", "Wijaya", "Hidayat", "Lestari", "Pratama", "Nugroho"]),
    "TH": (["Somchai", "Suda", "Anong", "Prasert", "Kanya", "Niran"],
           ["Srisuk", "Wongsawat", "Chaiyaporn", "Boonmee", "Rattanakul"]),
    "PH": (["Maria", "Jose", "Ana", "Ramon", "Liza", "Paolo"], ["Santos", "Reyes", "Cruz", "Bautista", "Garcia", "Mendoza"]),
    "MY": (["Aisyah", "Farid", "Mei Ling", "Rajesh", "Nurul", "Hafiz"], ["Abdullah", "Tan", "Lim", "Ismail", "Krishnan"]),
}
DEFAULT_PEOPLE = (["Aung", "Sophea", "Vilay", "Hana", "Mateus", "Siti", "Dara", "Khin"],
                  ["Kyaw", "Chan", "Phommachanh", "Rahman", "da Costa", "Sok", "Win"])
CURRENCY = {"VN": "dong", "ID": "rupiah", "PH": "pesos", "TH": "baht", "MY": "ringgit", "KH": "riel",
            "LA": "kip", "MM": "kyat", "BN": "Brunei dollars", "SG": "Singapore dollars", "TL": "US dollars"}
WARD = {"VN": "Phường", "ID": "Kelurahan", "PH": "Barangay", "TH": "Tambon", "MY": "Mukim", "KH": "Sangkat",
        "LA": "Ban", "MM": "Ward", "BN": "Kampong", "SG": "Estate", "TL": "Suco"}
GOALS = ["make public services easier to reach", "cut congestion during peak hours",
         "warn residents before floods arrive", "bring basic health care closer to villages",
         "make neighbourhoods safer after dark", "help small firms go digital",
         "give residents a say in local budgets", "lower the city's energy bill"]
AIMS = ["faster public services", "less congestion at peak hours", "earlier flood warnings",
        "health care closer to villages", "safer streets after dark", "digital tools for small firms",
        "participatory budgeting", "lower energy bills", "cleaner air near schools"]
SECTIONS = ["Background", "Objectives", "Approach", "Implementation", "Partners and funding",
            "Results so far", "Challenges", "Lessons learned", "Next steps", "Data and privacy",
            "Costs", "Community involvement"]

SENTENCES = [
    "The {city} administration started this work in {year} to {goal}.",
    "Early results show that the team {verb} {metric} by {pct} percent.",
    "The project relies on {adj} {things} and {adj2} {things2} run by the city.",
    "Funding came from the municipal budget and from {partner}.",
    "About {num:,} residents of {city} used the service in its first year.",
    "Staff from {country} and {partner} trained {small} local officers.",
    "A review in {year2} recommended more {adj} {things} for outer districts.",
    "Residents report problems through {things}, and the operators answer within {small} hours.",
    "The approach borrows from other ASCN cities but was adapted to {city}'s own budget.",
    "Procurement took longer than planned because the {things} had to meet national standards.",
    "The first phase covered {ward} and the {place} around it.",
    "{person}, who leads the team, says the hardest part was agreeing on {adj} data standards.",
    "The technical stack combines {tech} with {tech2}, both chosen because local firms can maintain them.",
    "In {ward}, {num:,} households now receive alerts by SMS.",
    "Near the {place}, {small} {things} were installed in {year2}.",
    "Council members visited {place} in {ward} before approving the second phase.",
    "{person} presented the results at the ASCN annual meeting in {year2}.",
    "A budget of about {money} million {currency} was set aside for operations until {year3}.",
    "Vendors had to publish their interfaces, so that {tech} could be swapped without rewriting the {things}.",
    "Women and older residents were consulted separately, which changed how the {things} were designed.",
    "Outages were rare but the {place} lost coverage twice during the monsoon.",
    "The city publishes the underlying data monthly as open data, with {tech} for the maps.",
]

# ---- Indonesian, for the translations ------------------------------------------------
ADJ_ID = ["terpadu", "berbiaya rendah", "terbuka", "berbasis komunitas", "berbasis data", "tangguh", "inklusif",
          "interoperabel", "berbasis awan", "ramah seluler", "seluruh kota", "skala percontohan", "modular",
          "bertenaga surya", "dwibahasa", "bisa luring", "bersama", "waktu nyata", "tingkat kecamatan",
          "mudah diakses", "terstandar"]
THINGS_ID = ["sensor", "dasbor", "tim lapangan", "kios layanan", "aplikasi seluler", "loket layanan",
             "umpan data", "ruang kendali", "pelatihan", "konsultasi publik", "API", "peta", "meteran pintar",
             "chatbot", "drone", "alat ukur", "kamera", "pusat panggilan", "dompet digital", "basis data"]
PLACES_ID = ["saluran drainase", "pasar tradisional", "terminal feri", "depo bus", "sekolah dasar", "puskesmas",
             "kampung nelayan", "kawasan industri", "ruko bersejarah", "bantaran sungai", "tempat pembuangan akhir",
             "instalasi pengolahan air", "pasar malam", "permukiman informal", "rumah sakit", "kampus universitas",
             "kawasan pelabuhan", "kota lama", "kota satelit", "persawahan"]
VERBS_ID = ["mengurangi", "memperbaiki", "mempersingkat", "memperluas", "menstabilkan", "melipatgandakan",
            "menyederhanakan", "memangkas", "memantau"]
METRICS_ID = ["waktu tanggap rata-rata", "porsi layanan yang tersedia daring", "kehilangan air rumah tangga",
              "waktu tempuh di koridor utama", "jumlah insiden yang dilaporkan", "pemakaian energi gedung pemerintah",
              "waktu tunggu di klinik", "volume sampah yang tidak terangkut", "waktu penerbitan izin usaha",
              "jumlah jalan yang tergenang", "keterlambatan bus", "formulir kertas yang beredar"]
GOALS_ID = ["mendekatkan layanan publik kepada warga", "mengurangi kemacetan pada jam sibuk",
            "memperingatkan warga sebelum banjir datang", "mendekatkan layanan kesehatan dasar ke desa",
            "membuat lingkungan lebih aman pada malam hari", "membantu usaha kecil beralih ke digital",
            "memberi warga suara dalam anggaran daerah", "menekan tagihan energi kota"]
AIMS_ID = ["layanan publik yang lebih cepat", "kemacetan yang lebih rendah", "peringatan banjir lebih dini",
           "layanan kesehatan yang lebih dekat", "jalan yang lebih aman pada malam hari",
           "alat digital untuk usaha kecil", "penganggaran partisipatif", "tagihan energi yang lebih rendah",
           "udara yang lebih bersih di sekitar sekolah"]
SECTIONS_ID = ["Latar belakang", "Tujuan", "Pendekatan", "Pelaksanaan", "Mitra dan pendanaan",
               "Hasil sejauh ini", "Tantangan", "Pelajaran", "Langkah berikutnya", "Data dan privasi",
               "Biaya", "Keterlibatan masyarakat"]
STATUS_ID = {"planned": "masih direncanakan", "ongoing": "sedang berjalan", "completed": "telah selesai",
             "discontinued": "telah dihentikan"}
SENTENCES_ID = [
    "Pemerintah {city} memulai pekerjaan ini pada tahun {year} untuk {goal}.",
    "Hasil awal menunjukkan bahwa tim berhasil {verb} {metric} sebesar {pct} persen.",
    "Proyek ini memakai {things} {adj} dan {things2} {adj2} yang dikelola kota.",
    "Pendanaan berasal dari anggaran kota dan dari {partner}.",
    "Sekitar {num:,} warga {city} memakai layanan ini pada tahun pertamanya.",
    "Staf dari {country} dan {partner} melatih {small} petugas setempat.",
    "Sebuah kajian pada tahun {year2} merekomendasikan lebih banyak {things} {adj} untuk wilayah pinggiran.",
    "Warga melaporkan masalah melalui {things}, dan petugas menjawab dalam {small} jam.",
    "Pendekatan ini meniru kota ASCN lain tetapi disesuaikan dengan anggaran {city} sendiri.",
    "Pengadaan memakan waktu lebih lama karena {things} harus memenuhi standar nasional.",
    "Tahap pertama mencakup {ward} dan {place} di sekitarnya.",
    "{person}, yang memimpin tim, mengatakan bagian tersulit adalah menyepakati standar data yang {adj}.",
    "Tumpukan teknologinya menggabungkan {tech} dengan {tech2}, karena perusahaan lokal bisa merawat keduanya.",
    "Di {ward}, {num:,} rumah tangga kini menerima peringatan lewat SMS.",
    "Di dekat {place}, {small} unit {things} dipasang pada tahun {year2}.",
    "Anggota dewan mengunjungi {place} di {ward} sebelum menyetujui tahap kedua.",
    "{person} memaparkan hasilnya pada pertemuan tahunan ASCN tahun {year2}.",
    "Anggaran sekitar {money} juta {currency} disiapkan untuk operasional hingga {year3}.",
    "Penyedia harus membuka antarmukanya, sehingga {tech} bisa diganti tanpa menulis ulang {things}.",
    "Perempuan dan warga lanjut usia diajak berkonsultasi secara terpisah, dan masukan mereka mengubah desain {things}.",
    "Gangguan jarang terjadi, tetapi {place} dua kali kehilangan jaringan selama musim hujan.",
    "Kota menerbitkan data dasarnya setiap bulan sebagai data terbuka, dengan {tech} untuk petanya.",
]


@dataclass(frozen=True)
class Lexicon:
    """The words body() and paragraph() draw from, in one language."""

    sentences: list
    adj: list
    things: list
    places: list
    verbs: list
    metrics: list
    goals: list
    aims: list
    sections: list
    item: str          # a bullet: adj, things, aim
    table_head: str
    see_also: str
    related: str


ENGLISH = Lexicon(SENTENCES, ADJ, THINGS, PLACES, VERBS, METRICS, GOALS, AIMS, SECTIONS,
                  "{adj} {things} for {aim}", "| Year | Sites | Users |", "See also [{title}]({path}).",
                  "## Related")
INDONESIAN = Lexicon(SENTENCES_ID, ADJ_ID, THINGS_ID, PLACES_ID, VERBS_ID, METRICS_ID, GOALS_ID,
                     AIMS_ID, SECTIONS_ID, "{things} {adj} untuk {aim}", "| Tahun | Lokasi | Pengguna |",
                     "Lihat juga [{title}]({path}).", "## Terkait")
