"""The vocabulary of the synthetic archives: names, companies, jobs, places, messages.

Pure data, no logic: :mod:`sample_data.generate` draws from these tables. Add a name, a job
title or a message here; the generator picks it up. Changing any table changes the generated
bytes, so regenerate the committed sample (see ``sample_data/README.md``) in the same commit.
Everything is invented; e-mail and web addresses only use ``example.*`` domains.
"""

from __future__ import annotations

# --------------------------------------------------------------------------------------------
# Names. (first names, last names, weight); first and last of one person usually come from the
# same list. Accented and unaccented spellings both occur, as they do in real exports.
# --------------------------------------------------------------------------------------------

CULTURES: tuple[tuple[tuple[str, ...], tuple[str, ...], float], ...] = (
    (  # English-speaking
        (
            "James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda",
            "William", "Elizabeth", "David", "Barbara", "Richard", "Susan", "Joseph", "Jessica",
            "Thomas", "Sarah", "Charles", "Karen", "Christopher", "Nancy", "Daniel", "Lisa",
            "Matthew", "Betty", "Anthony", "Ashley", "Mark", "Emily", "Andrew", "Megan",
            "Joshua", "Amanda", "Ryan", "Hannah", "Tyler", "Brittany", "Kevin", "Rachel",
            "Brandon", "Lauren", "Jason", "Zoë", "Chloe", "Caleb", "Madison", "Logan", "Avery",
            "Jordan", "Taylor", "Casey", "Morgan", "Dakota", "Colby", "Shelby", "Wyatt", "Cody",
            "Dustin", "Kayla", "Heather", "Travis", "Billy", "Bobby", "Joe", "Zoe", "Kyle",
        ),
        (
            "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson",
            "Anderson", "Taylor", "Thomas", "Moore", "Jackson", "Martin", "Thompson", "White",
            "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King",
            "Wright", "Scott", "Hill", "Green", "Adams", "Baker", "Nelson", "Carter",
            "Mitchell", "Roberts", "Turner", "Phillips", "Campbell", "Parker", "Evans",
            "Edwards", "Collins", "Stewart", "Morris", "Murphy", "Cook", "Rogers", "Morgan",
            "Cooper", "Peterson", "Reed", "Bailey", "Bell", "Kelly", "Howard", "Ward", "Cox",
            "Richardson", "Wood", "Watson", "Brooks", "Bennett", "Gray", "Hughes", "Price",
            "Sanders", "Myers", "Long", "Ross", "Foster", "O'Neil", "O'Brien", "O'Connor",
            "O'Malley", "McAllister", "MacDonald", "Whitfield", "Holloway", "Crenshaw",
        ),
        30.0,
    ),
    (  # Spanish-speaking
        (
            "José", "Juan", "Luis", "Carlos", "Jesús", "Miguel", "Jorge", "Alejandro", "Javier",
            "Ricardo", "Francisco", "Antonio", "Eduardo", "Diego", "Andrés", "Mateo",
            "Santiago", "Raúl", "Héctor", "Rubén", "María", "Guadalupe", "Ana", "Sofía",
            "Valentina", "Camila", "Lucía", "Isabel", "Carmen", "Rosa", "Elena", "Verónica",
            "Adriana", "Marisol", "Yesenia", "Daniela", "Gabriela", "Mónica", "Alejandra",
            "Ximena", "Jose", "Maria", "Jesus", "Sofia", "Raul", "Hector", "Monica",
        ),
        (
            "García", "Martínez", "Rodríguez", "Hernández", "López", "González", "Pérez",
            "Sánchez", "Ramírez", "Torres", "Flores", "Rivera", "Gómez", "Díaz", "Reyes",
            "Cruz", "Morales", "Ortiz", "Gutiérrez", "Chávez", "Ramos", "Ruiz", "Mendoza",
            "Álvarez", "Castillo", "Jiménez", "Vásquez", "Moreno", "Herrera", "Medina",
            "Aguilar", "Vargas", "Garza", "Treviño", "Salinas", "Cantu", "Villarreal", "Guerra",
            "Saenz", "Garcia", "Martinez", "Rodriguez", "Hernandez", "Lopez", "Gonzalez",
            "Perez", "Sanchez", "Ramirez", "De la Cruz", "De León",
        ),
        24.0,
    ),
    (  # Indian
        (
            "Priya", "Rahul", "Anjali", "Arjun", "Aarav", "Vikram", "Sanjay", "Deepak", "Pooja",
            "Neha", "Sneha", "Rohan", "Amit", "Sunita", "Kavya", "Aditya", "Ishaan", "Lakshmi",
            "Karthik", "Meera", "Ravi", "Divya", "Harpreet", "Gurpreet", "Nikhil", "Shreya",
            "Venkat", "Srinivas", "Anand", "Swati",
        ),
        (
            "Patel", "Shah", "Sharma", "Singh", "Kumar", "Gupta", "Reddy", "Rao", "Iyer", "Nair",
            "Menon", "Mehta", "Desai", "Joshi", "Kapoor", "Chopra", "Agarwal", "Banerjee",
            "Chatterjee", "Mukherjee", "Pillai", "Krishnan", "Subramanian", "Raman", "Bhat",
            "Kulkarni", "Verma", "Malhotra", "Sethi", "Gill",
        ),
        8.0,
    ),
    (  # Chinese
        (
            "Wei", "Jing", "Li", "Ming", "Xin", "Yan", "Hui", "Lei", "Jun", "Fang", "Yi",
            "Xiaoming", "Mei", "Ling", "Hao", "Tao", "Yu", "Qing", "Zhen", "Kai", "Jian", "Amy",
            "Kevin", "Jenny", "Eric", "Vivian", "Michelle", "Jason", "Annie",
        ),
        (
            "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu",
            "Sun", "Ma", "Zhu", "Hu", "Guo", "He", "Lin", "Luo", "Gao", "Zheng", "Liang", "Xie",
            "Tang", "Song", "Han", "Feng", "Deng", "Cao", "Peng", "Lam", "Wong", "Chan",
            "Cheung", "Ng", "Ho", "Leung",
        ),
        6.0,
    ),
    (  # Vietnamese
        (
            "Minh", "Anh", "Linh", "Hương", "Thảo", "Trang", "Tuấn", "Hùng", "Dũng", "Khoa",
            "Phương", "Ngọc", "Bảo", "Quang", "Thanh", "Đức", "Hoa", "Lan", "Mai", "Vy", "Long",
            "Huy", "Nam", "Tien",
        ),
        (
            "Nguyễn", "Nguyen", "Trần", "Tran", "Lê", "Le", "Phạm", "Pham", "Hoàng", "Hoang",
            "Huỳnh", "Huynh", "Phan", "Vũ", "Vu", "Võ", "Vo", "Đặng", "Dang", "Bùi", "Bui",
            "Đỗ", "Do", "Ngô", "Dương", "Lý",
        ),
        5.0,
    ),
    (  # Nigerian
        (
            "Chinedu", "Ngozi", "Oluwaseun", "Adebayo", "Chiamaka", "Emeka", "Funmilayo",
            "Ifeanyi", "Kemi", "Tunde", "Yetunde", "Obinna", "Chioma", "Babatunde", "Folake",
            "Uchenna", "Amaka", "Segun", "Nneka", "Kelechi", "Damilola", "Temitope", "Olumide",
            "Ebuka", "Adaeze",
        ),
        (
            "Okafor", "Adeyemi", "Okonkwo", "Eze", "Ogunleye", "Adebayo", "Nwosu", "Chukwu",
            "Balogun", "Okeke", "Olawale", "Obi", "Ibrahim", "Bello", "Oyelaran", "Adeleke",
            "Onyekachi", "Nnamdi", "Uzor", "Afolabi", "Oyinlola", "Ezeh", "Ogbu", "Akinola",
        ),
        4.0,
    ),
    (  # Korean
        (
            "Min-jun", "Seo-yeon", "Ji-hoon", "Ji-woo", "Hyun-woo", "Soo-jin", "Eun-ji",
            "Jae-won", "Dong-hyun", "Ha-eun", "Yuna", "Sung-min", "Jisoo", "Daniel", "Grace",
            "Joon",
        ),
        (
            "Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han",
            "Oh", "Seo", "Shin", "Kwon", "Hwang", "Ahn", "Song", "Yoo", "Hong",
        ),
        2.5,
    ),
    (  # German
        (
            "Jürgen", "Björn", "Günter", "Jörg", "Lukas", "Maximilian", "Felix", "Jonas", "Leon",
            "Tobias", "Sebastian", "Stefan", "Anna", "Lena", "Katharina", "Sophie", "Johanna",
            "Sabine", "Ursula", "Uwe", "Dirk", "Anke", "Mareike", "Hannah",
        ),
        (
            "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
            "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf",
            "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann",
            "Hartmann", "Weiß", "Lange", "Köhler", "Mueller",
        ),
        3.0,
    ),
    (  # French
        (
            "François", "Hélène", "Léa", "Chloé", "Camille", "Manon", "Théo", "Hugo", "Louis",
            "Jules", "Élodie", "Aurélie", "Mathilde", "Céline", "Stéphane", "Jérôme", "Benoît",
            "Gaël", "Noémie", "Zoé", "Amélie", "Loïc",
        ),
        (
            "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
            "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garnier", "Faure",
            "Rousseau", "Blanc", "Guérin", "Boucher", "Lemaire", "Fontaine", "Chevalier",
            "Côté", "Gagnon", "Tremblay", "D'Amour",
        ),
        2.0,
    ),
    (  # Arabic
        (
            "Mohammed", "Ahmed", "Omar", "Ali", "Yusuf", "Khalid", "Hassan", "Tariq", "Karim",
            "Samir", "Fatima", "Aisha", "Layla", "Mariam", "Noor", "Yasmin", "Huda", "Rania",
            "Salma", "Zainab", "Amir", "Bilal",
        ),
        (
            "Al-Sayed", "Haddad", "Khoury", "Nasser", "Hussein", "Abdullah", "Rahman", "Saleh",
            "Farah", "Aziz", "Mansour", "Hamdan", "Qureshi", "Khalil", "Darwish", "El-Amin",
            "Bakr", "Suleiman", "Hakim", "Issa",
        ),
        3.0,
    ),
    (  # Japanese
        (
            "Haruto", "Yuto", "Sota", "Ren", "Takumi", "Kenji", "Hiroshi", "Yuki", "Sakura",
            "Aoi", "Hina", "Yui", "Mei", "Akiko", "Naoko", "Emi", "Kaito", "Daiki", "Riku",
            "Shota",
        ),
        (
            "Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura",
            "Kobayashi", "Kato", "Yoshida", "Yamada", "Sasaki", "Yamaguchi", "Matsumoto",
            "Inoue", "Kimura", "Hayashi", "Shimizu", "Mori",
        ),
        1.5,
    ),
    (  # Slavic
        (
            "Łukasz", "Małgorzata", "Agnieszka", "Krzysztof", "Piotr", "Tomasz", "Katarzyna",
            "Paweł", "Dmitri", "Olga", "Natalia", "Sergei", "Ivan", "Anastasia", "Mikhail",
            "Oksana", "Andriy", "Yulia", "Tatiana", "Aleksandra", "Jakub", "Zuzana", "Petr",
            "Milan",
        ),
        (
            "Kowalski", "Nowak", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski",
            "Zieliński", "Szymański", "Ivanov", "Petrov", "Smirnov", "Sokolov", "Popov",
            "Kuznetsov", "Shevchenko", "Bondarenko", "Kovalenko", "Novák", "Dvořák", "Horváth",
            "Kovač",
        ),
        2.5,
    ),
    (  # Nordic
        (
            "Søren", "Åsa", "Lars", "Anders", "Erik", "Ingrid", "Astrid", "Sigrid", "Magnus",
            "Nils", "Freja", "Maja", "Oskar", "Linnea", "Henrik", "Kristian", "Mads", "Jóhann",
            "Pål",
        ),
        (
            "Jørgensen", "Hansen", "Johansson", "Andersson", "Nilsson", "Larsen", "Pedersen",
            "Karlsson", "Eriksson", "Olsen", "Lindqvist", "Bergström", "Sørensen", "Håkansson",
            "Lund", "Dahl", "Berg", "Halvorsen",
        ),
        1.0,
    ),
    (  # Portuguese-speaking
        (
            "João", "Gabriel", "Lucas", "Pedro", "Thiago", "Matheus", "Rafael", "Bruno",
            "Leonardo", "Felipe", "Beatriz", "Larissa", "Júlia", "Fernanda", "Mariana",
            "Letícia", "Camila", "Bianca", "Luana", "Vitória", "Caio", "Gustavo",
        ),
        (
            "Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira",
            "Lima", "Gomes", "Costa", "Ribeiro", "Martins", "Carvalho", "Almeida", "Lopes",
            "Sousa", "Fernandes", "Vieira", "Barbosa", "Araújo", "Conceição", "Gonçalves",
        ),
        2.5,
    ),
    (  # Filipino
        (
            "Jose", "Mark", "John Paul", "Maria Cristina", "Angelica", "Jerome", "Rhea",
            "Jericho", "Kristine", "Mae", "Jasmine", "Ramon", "Bea", "Paolo", "Carlo",
            "Patricia",
        ),
        (
            "Santos", "Reyes", "Cruz", "Bautista", "Ocampo", "Garcia", "Mendoza", "Villanueva",
            "Dela Cruz", "Aquino", "Castillo", "Ramos", "Navarro", "Soriano", "Manalo",
            "Pascual",
        ),
        2.0,
    ),
    (  # Italian
        (
            "Giuseppe", "Marco", "Giulia", "Francesca", "Alessandro", "Luca", "Chiara", "Matteo",
            "Sofia", "Lorenzo", "Elena", "Davide", "Federica", "Paolo", "Nicolò",
        ),
        (
            "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci",
            "Marino", "Greco", "D'Angelo", "De Luca", "Bruno", "Gallo", "Conti", "Costa",
            "Mancini", "Lombardi", "D'Amico",
        ),
        3.0,
    ),
)

# Names in non-Latin scripts: (first, last, romanised slug base).
NON_LATIN: tuple[tuple[str, str, str], ...] = (
    ("伟", "王", "wei-wang"),
    ("娜", "李", "na-li"),
    ("秀英", "张", "xiuying-zhang"),
    ("Дмитрий", "Иванов", "dmitriy-ivanov"),
    ("Анна", "Смирнова", "anna-smirnova"),
    ("Олена", "Коваленко", "olena-kovalenko"),
    ("محمد", "العلي", "mohammed-alali"),
    ("فاطمة", "حسن", "fatima-hassan"),
    ("민준", "김", "minjun-kim"),
    ("서연", "이", "seoyeon-lee"),
    ("さくら", "山田", "sakura-yamada"),
    ("健太", "佐藤", "kenta-sato"),
    ("Γιώργος", "Παπαδόπουλος", "giorgos-papadopoulos"),
    ("प्रिया", "शर्मा", "priya-sharma"),
    ("נועה", "כהן", "noa-cohen"),
    ("สมชาย", "ใจดี", "somchai-jaidee"),
)
CREDENTIALS = (
    ", PhD", ", MBA", ", CPA", ", DDS", ", Jr.", ", PE", ", SHRM-CP", ", RN", ", Esq.",
    ", PMP", ", CFP®", ", MD",
)
NICKNAMES = {
    "Robert": "Bob", "Elizabeth": "Liz", "William": "Bill", "Richard": "Rick",
    "Katharina": "Kathi", "Christopher": "Chris", "Alejandro": "Alex", "Oluwaseun": "Seun",
    "Jennifer": "Jen", "Francisco": "Paco", "Minh": "Tommy", "James": "Jim", "Joseph": "Joe",
    "Thomas": "Tom", "Anthony": "Tony", "Matthew": "Matt", "Andrew": "Drew", "Jesús": "Chuy",
    "José": "Pepe", "Guadalupe": "Lupe", "Babatunde": "Tunde", "Wei": "David",
    "Ji-hoon": "Jason", "Xiaoming": "Sean", "Krzysztof": "Chris", "Venkat": "Vinny",
}

# Words that make up invented company names (checked against the demo keywords).
PREFIXES = (
    "Lone Star", "Bluebonnet", "Pecan Street", "Live Oak", "Mesquite", "Riverbend",
    "Red River", "Hill Country", "Brazos", "Guadalupe", "Alamo", "Barton Creek", "Cedar Ridge",
    "Granite", "Limestone", "Summit", "Northwind", "Blue Heron", "Silver Creek", "Copperline",
    "Harbor", "Juniper", "Prairie", "Canyon", "Sunset", "Magnolia", "Cypress", "Trinity",
    "Pinnacle", "Evergreen", "Ironwood", "Longhorn", "Armadillo", "Bright Star", "Twin Oaks",
    "Stonebridge", "Frontier", "Sabine", "Pedernales", "Llano", "San Gabriel", "Onion Creek",
    "Bee Cave", "Dripping Springs", "Mockingbird", "Whitetail", "Prickly Pear", "Sweetwater",
    "Blanco", "Lakeway", "Westlake", "Eastside", "Southpaw", "North Star", "Oak Hollow",
    "Clearwater", "Keystone", "Meridian", "Anchor", "Beacon", "Halcyon", "Tidewater", "Cobalt",
    "Vantage", "Apex", "Quarry", "Arbor", "Bluestem", "Caprock", "Palo Duro",
)
CAFE_WORDS = (
    "Azul", "Luna", "Bello", "Oliva", "Paloma", "Bonita", "Sol", "Verde", "Mezcla", "Canela",
)
FIRM_SURNAMES = (
    "Whitaker", "Delgado", "Nguyen", "Patel", "Harrington", "Castillo", "Brennan", "Okafor",
    "Lindqvist", "McAllister", "Salazar", "Tran", "Holcomb", "Benavides", "Kessler", "Ramos",
    "Sutherland", "Ochoa", "Chandler", "Pruitt", "Villanueva", "Becker", "Haddad", "Yamada",
)
FIRM_FIRSTS = (
    "Joe", "Rosa", "Manny", "Betty", "Hank", "Lupe", "Dot", "Earl", "Nina", "Sal", "Frankie",
)

# --------------------------------------------------------------------------------------------
# Jobs. Each category has sub-categories; each sub-category has recipes of
# (weight, positions, companies). Templates: {P} prefix, {S}/{S2} surname, {F} first name,
# {W} cafe word. Most prospect / complementary / competitor rows match a keyword of
# rules.toml; a few are deliberate near misses (they land in "unknown", as in real life).
# --------------------------------------------------------------------------------------------

Recipe = tuple[float, tuple[str, ...], tuple[str, ...]]

JOBS: dict[str, dict[str, tuple[float, tuple[Recipe, ...]]]] = {
    "prospect": {
        "real_estate": (35, (
            (10, ("Realtor®", "REALTOR®", "Realtor", "Realtor | Luxury Homes", "Real Estate Agent",
                  "Real-Estate Broker", "Broker Associate", "Broker/Owner", "Managing Broker",
                  "Real Estate Investor", "Realtor® & Relocation Specialist",
                  "Real Estate Team Lead"),
             ("{P} Realty", "{P} Realty Group", "{S} Real Estate", "{P} Real Estate Group",
              "{P} Properties", "{P} Homes", "{P} REALTORS", "{S} Realty, LLC", "Self-employed")),
            (2, ("Listing Agent", "Leasing Agent", "Transaction Coordinator", "Agent"),
             ("{P} Realty", "{P} REALTORS", "{S} Real Estate", "{P} Properties")),
        )),
        "restaurant": (18, (
            (6, ("Owner", "Owner/Operator", "Co-Owner", "General Manager", "Executive Chef",
                 "Chef/Owner", "Kitchen Manager"),
             ("{F}'s Diner", "{P} Diner", "Café {W}", "{P} Café", "{P} Restaurant",
              "{P} Restaurant Group")),
            (3, ("Restaurateur", "Restaurant Owner", "Restaurant Manager"),
             ("{P} Kitchen & Bar", "{P} Taqueria", "{P} BBQ", "{P} Hospitality", "Self-employed")),
            (1, ("Owner", "Pitmaster", "General Manager"), ("{P} BBQ", "{P} Taqueria")),
        )),
        "dental": (10, (
            (1, ("Dentist", "General Dentist", "Owner, DDS", "Orthodontist", "Pediatric Dentist",
                 "Dental Hygienist", "Practice Manager", "Office Manager", "Dental Assistant"),
             ("{P} Family Dental", "{P} Dental Care", "{P} Dental Studio", "{S} Family Dentistry",
              "{S} Orthodontics", "{P} Smiles")),
        )),
        "clinic": (6, (
            (3, ("Chiropractor", "Doctor of Chiropractic", "Owner", "Clinic Director"),
             ("{P} Chiropractic", "{S} Chiropractic & Wellness", "{P} Spine Clinic")),
            (3, ("Family Physician", "Nurse Practitioner", "Medical Director",
                 "Practice Administrator", "Physician Assistant"),
             ("{P} Family Clinic", "{P} Medical Clinic", "{P} Women's Clinic",
              "{P} Pediatric Clinic")),
        )),
        "law": (10, (
            (1, ("Attorney", "Attorney at Law", "Family Law Attorney", "Personal Injury Attorney",
                 "Managing Partner", "Partner", "Paralegal", "Associate Attorney",
                 "Estate Planning Attorney", "Legal Assistant"),
             ("{S} Law Firm", "{S} Law Firm, PLLC", "The {S} Law Firm", "{S} & {S2}, PLLC",
              "{S} Law Group", "Law Office of {F} {S}")),
        )),
        "contractor": (13, (
            (1, ("General Contractor", "Owner", "Owner/Operator", "Project Manager", "Estimator",
                 "Roofing Contractor", "Remodeling Consultant", "Superintendent", "Founder"),
             ("{P} Roofing", "{P} Roofing & Restoration", "{P} Remodeling",
              "{P} Construction & Remodeling", "{S} Custom Homes", "{P} Builders",
              "{P} Contractors", "{P} Home Improvement")),
        )),
        "retail": (8, (
            (3, ("Owner", "Shop Owner", "Store Manager", "Boutique Owner", "Founder", "Buyer"),
             ("{P} Boutique", "{S} Boutique", "{P} Gift Shop", "{P} Outfitters")),
            (1, ("Owner", "Store Manager", "Co-Owner"),
             ("{P} Hardware", "{P} Florist", "{P} Books & Gifts", "{P} Pet Supply")),
        )),
    },
    "complementary": {
        "writing": (14, (
            (1, ("Copywriter", "Freelance Copywriter", "Conversion Copywriter", "Content Writer",
                 "Senior Copywriter", "Copywriting Consultant", "Virtual Assistant"),
             ("Self-employed", "Freelance", "{P} Copy Co.", "{S} Words", "{P} Content Studio")),
        )),
        "photo": (15, (
            (5, ("Photographer", "Commercial Photographer", "Real Estate Photographer",
                 "Wedding & Portrait Photographer", "Videographer", "Photographer & Videographer"),
             ("{S} Photography", "{P} Photography", "{P} Films", "Self-employed")),
            (1, ("Owner", "Producer"), ("{P} Films", "{P} Media Co.")),
        )),
        "marketing": (30, (
            (1, ("SEO Specialist", "SEO Consultant", "SEO Manager", "Marketing Director",
                 "Digital Marketing Manager", "Marketing Coordinator", "Social Media Manager",
                 "Social Media Strategist", "Public Relations Manager", "Brand Strategist",
                 "Head of Marketing", "Email Marketing Specialist", "PR & Communications Lead",
                 "Fractional CMO"),
             ("{P} Marketing", "{P} Marketing Group", "{P} Media", "{P} SEO", "{P} Social",
              "{P} PR", "{P} Communications", "Self-employed")),
        )),
        "design": (10, (
            (1, ("Graphic Designer", "Senior Graphic Designer", "Brand Designer", "Illustrator",
                 "Brand Strategist"),
             ("Self-employed", "{P} Design Co.", "{P} Creative", "Freelance")),
        )),
        "print": (12, (
            (1, ("Owner", "Print Production Manager", "Account Manager", "Sales Representative",
                 "Printing Specialist"),
             ("{P} Printing", "{P} Print Shop", "{P} Printing & Signs", "{P} Print & Mail",
              "{P} Signs & Graphics")),
        )),
        "books": (19, (
            (1, ("Bookkeeper", "Owner, Bookkeeping Services", "CPA", "Certified Public Accountant",
                 "Accountant", "Staff Accountant", "Tax Accountant", "Enrolled Agent",
                 "Controller"),
             ("{S} Bookkeeping", "{P} Bookkeeping", "{S} & Associates CPAs", "{S} CPA, PLLC",
              "{P} Tax & Accounting", "Self-employed")),
        )),
    },
    "competitor": {
        "web": (90, (
            (6, ("Web Designer", "Web Developer", "Freelance Web Developer",
                 "Senior Web Developer", "WordPress Developer", "WordPress Designer",
                 "Webflow Developer", "Webflow Expert", "Squarespace Designer",
                 "Shopify Developer", "Front-End Developer", "Frontend Developer",
                 "Full-Stack Developer", "Full Stack Developer", "UI Designer", "UX Designer",
                 "UI/UX Designer", "Website Designer", "Web Design & Development"),
             ("{P} Web Design", "{P} Web Studio", "{P} Digital Agency", "{P} Interactive",
              "{P} Digital", "{P} Websites", "{S} Web Design, LLC", "{P} Labs", "Self-employed",
              "Freelance", "{P} Dev Shop")),
            (3, ("Creative Director", "Founder", "Owner", "Project Manager",
                 "Business Development Manager", "Account Manager", "Founder & CEO"),
             ("{P} Web Design", "{P} Digital Agency", "{P} Creative Agency", "{P} Web Agency",
              "{S} Web Design, LLC", "{P} Web Development", "{P} WordPress Studio",
              "{P} Interactive", "{P} Web Studio")),
        )),
        "mixed": (10, (
            (1, ("Web Developer & SEO Consultant", "Web Designer | SEO | Social Media",
                 "WordPress Developer and Copywriter", "Web Designer & Realtor®"),
             ("Self-employed", "Freelance", "{P} Digital")),
        )),
    },
    "unrelated": {
        "tech": (22, (
            (1, ("Software Engineer", "Senior Software Engineer", "Staff Software Engineer",
                 "Data Scientist", "Data Engineer", "Machine Learning Engineer",
                 "Product Manager", "Senior Product Manager", "DevOps Engineer",
                 "Site Reliability Engineer", "QA Engineer", "IT Support Specialist",
                 "Cybersecurity Analyst", "Solutions Architect", "Engineering Manager",
                 "Technical Program Manager", "Database Administrator", "Hardware Engineer"),
             ("{P} Software", "{P} Analytics", "{P} Systems", "{P} Labs", "{P} Data",
              "{P} Cloud", "{P} Networks", "{P} Semiconductor", "{P} Robotics",
              "{P} Technologies", "{P} Security")),
        )),
        "education": (10, (
            (1, ("Teacher", "High School Teacher", "Math Teacher", "Elementary School Teacher",
                 "Art Teacher", "Professor", "Assistant Professor", "Librarian",
                 "School Counselor", "Principal", "Teaching Assistant"),
             ("{P} Independent School District", "{P} ISD", "{P} Elementary School",
              "{P} High School", "{P} State University", "{P} Community College",
              "{P} Academy")),
        )),
        "student": (6, (
            (1, ("Student", "Graduate Student", "MBA Candidate", "Research Assistant", "Intern",
                 "Computer Science Student"),
             ("{P} State University", "{P} Community College", "{P} University",
              "{P} Institute of Technology")),
        )),
        "health": (10, (
            (1, ("Registered Nurse", "ICU Nurse", "Pharmacist", "Physical Therapist",
                 "Occupational Therapist", "Medical Assistant", "Respiratory Therapist",
                 "Hospitalist", "Radiology Technologist", "Charge Nurse"),
             ("{P} Medical Center", "{P} Regional Hospital", "{P} Health", "{P} Health System",
              "{P} Children's Hospital", "{P} Pharmacy", "{P} Rehabilitation Center")),
            (0.15, ("Veterinarian", "Veterinary Technician"), ("{P} Animal Hospital",)),
        )),
        "business": (22, (
            (1, ("Recruiter", "Technical Recruiter", "Talent Acquisition Partner",
                 "HR Business Partner", "Financial Analyst", "Operations Manager",
                 "Project Manager", "Account Executive", "Sales Manager",
                 "Customer Success Manager", "Supply Chain Analyst", "Logistics Coordinator",
                 "Executive Assistant", "Management Consultant", "Brokerage Operations Analyst",
                 "Insurance Agent", "Loan Officer", "Branch Manager", "Investment Analyst",
                 "Procurement Specialist", "Claims Adjuster", "Business Analyst"),
             ("{P} Logistics", "{P} Energy", "{P} Credit Union", "{P} Insurance", "{P} Capital",
              "{P} Consulting Group", "{P} Manufacturing", "{P} Staffing", "{P} Bank",
              "{P} Holdings", "{P} Foods", "{P} Airlines", "{P} Brewing Co.",
              "{P} Securities")),
        )),
        "misc": (30, (
            (2, ("Smart Home Installer", "Security Technician"),
             ("{P} Smart Home", "{P} Security Systems")),
            (2, ("Electrician", "Master Electrician", "Apprentice Electrician"), ("{P} Electric",)),
            (1, ("Pastry Chef", "Baker", "Cashier"), ("Seoul Bakery",)),
            (2, ("Artist", "Painter", "Sculptor", "Muralist"),
             ("Self-employed", "{P} Art Collective")),
            (1, ("Musician", "Music Teacher"), ("Self-employed", "{P} School of Music")),
            (1, ("Pastor", "Worship Leader", "Youth Minister"),
             ("{P} Community Church", "{P} Baptist Church")),
            (2, ("Personal Trainer", "Yoga Instructor", "Fitness Coach"),
             ("{P} Fitness", "{P} Yoga", "Self-employed")),
            (2, ("Truck Driver", "Dispatcher", "Fleet Manager"), ("{P} Freight", "{P} Trucking")),
            (1, ("Pilot", "First Officer", "Flight Attendant"), ("{P} Airlines", "{P} Air")),
            (1, ("Firefighter/Paramedic", "Police Officer", "Sergeant"),
             ("{P} Fire Rescue", "{P} Police Department")),
            (1, ("Barista", "Shift Supervisor"), ("{P} Coffee Roasters",)),
            (1, ("Automotive Technician", "Service Advisor"), ("{P} Auto Service", "{P} Motors")),
            (1, ("HVAC Technician", "Plumber"), ("{P} Air & Heat", "{P} Plumbing Co.")),
            (1, ("Retired",), ("Retired", "{P} Energy")),
            (1, ("Seeking new opportunities", "Open to Work"), ("Self-employed", "Career Break")),
        )),
    },
}

# Planted rows, so that the keep / remove lists of rules.toml name people and companies that
# really exist in every archive with at least 20 connections.
ANCHORS: tuple[tuple[str, str, str, str, str, str], ...] = (
    # first, last, position, company, category, sub
    ("Tomás", "Herrera", "Freelance Web Developer", "Self-employed", "competitor", "web"),
    ("Marisol", "Vega", "Creative Director", "Pixel Partners", "competitor", "web"),
    ("Devon", "Okafor", "UX Designer", "Pixel Partners", "competitor", "web"),
    ("Priya", "Raman", "Web Developer", "Pixel Partners", "competitor", "web"),
    ("Kyle", "Brennan", "SEO Specialist", "Rank Rocket Offshore", "complementary", "marketing"),
    ("Farhan", "Qureshi", "Business Development Manager", "Rank Rocket Offshore", "unrelated",
     "business"),
    ("Joe", "Delgado", "Owner", "Joe's Diner", "prospect", "restaurant"),
)

# --------------------------------------------------------------------------------------------
# Enrichment vocabulary.
# --------------------------------------------------------------------------------------------

LOC_TEXAS: tuple[tuple[str, float], ...] = (
    ("Austin, Texas, United States", 30), ("Austin, Texas Metropolitan Area", 8),
    ("Round Rock, Texas, United States", 5), ("Georgetown, Texas, United States", 3),
    ("Cedar Park, Texas, United States", 3), ("Pflugerville, Texas, United States", 2),
    ("San Marcos, Texas, United States", 2), ("Greater Houston", 8),
    ("Houston, Texas, United States", 5), ("Dallas-Fort Worth Metroplex", 8),
    ("Dallas, Texas, United States", 4), ("Fort Worth, Texas, United States", 2),
    ("San Antonio, Texas, United States", 6), ("San Antonio, Texas Metropolitan Area", 2),
    ("Texas, United States", 6), ("El Paso, Texas, United States", 1),
    ("Waco, Texas, United States", 1),
)
LOC_US: tuple[tuple[str, float], ...] = (
    ("San Francisco Bay Area", 6), ("California, United States", 5),
    ("Los Angeles Metropolitan Area", 4), ("New York City Metropolitan Area", 5),
    ("Greater Chicago Area", 3), ("Denver, Colorado, United States", 3),
    ("Oklahoma City, Oklahoma, United States", 2), ("Miami, Florida, United States", 2),
    ("Greater Seattle Area", 3), ("Phoenix, Arizona, United States", 2),
    ("Atlanta, Georgia, United States", 2), ("Nashville, Tennessee, United States", 2),
    ("Louisiana, United States", 1), ("United States", 8),
)
LOC_WORLD: tuple[tuple[str, float], ...] = (
    ("Berlin, Germany", 3), ("Germany", 1), ("Lagos State, Nigeria", 3),
    ("Toronto, Ontario, Canada", 3), ("Bengaluru, Karnataka, India", 4),
    ("São Paulo, Brazil", 2), ("London, England, United Kingdom", 3),
    ("Monterrey, Nuevo León, Mexico", 2), ("Manila, National Capital Region, Philippines", 2),
    ("Karachi, Sindh, Pakistan", 2), ("Ho Chi Minh City, Vietnam", 1), ("Seoul, South Korea", 1),
    ("Dubai, United Arab Emirates", 1), ("Kyiv, Ukraine", 1),
    ("Sydney, New South Wales, Australia", 1),
)
# Share of (Texas, rest of US, rest of world, blank) per category.
LOC_MIX = {
    "prospect": (80, 12, 5, 3),
    "complementary": (65, 20, 10, 5),
    "competitor": (45, 25, 25, 5),
    "unrelated": (50, 30, 15, 5),
}
INDUSTRIES: dict[str, tuple[str, ...]] = {
    "real_estate": ("Real Estate", "Real Estate", "Leasing Residential Real Estate"),
    "restaurant": ("Restaurants", "Food and Beverage Services", "Hospitality"),
    "dental": ("Medical Practices", "Hospitals and Health Care"),
    "clinic": ("Medical Practices", "Wellness and Fitness Services"),
    "law": ("Law Practice", "Legal Services"),
    "contractor": ("Construction", "Building Construction", "Residential Building Construction"),
    "retail": ("Retail", "Retail Apparel and Fashion", "Retail Art Supplies"),
    "writing": ("Writing and Editing", "Marketing Services"),
    "photo": ("Photography", "Media Production"),
    "marketing": ("Marketing Services", "Advertising Services",
                  "Public Relations and Communications Services"),
    "design": ("Design Services", "Graphic Design"),
    "print": ("Printing Services",),
    "books": ("Accounting", "Financial Services"),
    "web": ("Design Services", "IT Services and IT Consulting",
            "Technology, Information and Internet", "Software Development"),
    "mixed": ("Design Services", "Marketing Services"),
    "tech": ("Software Development", "Technology, Information and Internet",
             "Semiconductor Manufacturing", "Computer and Network Security"),
    "education": ("Primary and Secondary Education", "Higher Education", "Education"),
    "student": ("Higher Education", "Education"),
    "health": ("Hospitals and Health Care", "Pharmaceutical Manufacturing", "Veterinary Services"),
    "business": ("Staffing and Recruiting", "Financial Services", "Oil and Gas", "Insurance",
                 "Transportation, Logistics, Supply Chain and Storage", "Banking",
                 "Government Administration"),
    "misc": ("Consumer Services", "Armed Forces", "Musicians", "Religious Institutions",
             "Truck Transportation", "Airlines and Aviation", "Public Safety"),
}
TAGLINES = {
    "prospect": ("Serving Central Texas since 2011", "Family-owned and operated",
                 "Proudly serving Austin and Round Rock", "Locally owned", "Let's talk!"),
    "complementary": ("Helping small businesses tell their story",
                      "Austin-based, working nationwide", "Let's make something great",
                      "Clear numbers, calm owners"),
    "competitor": ("Websites that convert", "Helping brands grow online",
                   "Pixel-perfect and mobile-first", "Fast sites for busy owners"),
    "unrelated": ("Opinions are my own", "Lifelong learner", "Proud parent", "Always learning",
                  "Texas Ex"),
}

# --------------------------------------------------------------------------------------------
# Messages.
# --------------------------------------------------------------------------------------------

OWNER_OPENERS = (
    "Hi {first}, thanks for connecting! I run Brightline Web Studio here in Austin. "
    "How's business at {company}?",
    "Hey {first}, great meeting you at the chamber mixer last week. Still up for coffee?",
    "Hi {first}! Saw your post about the new location, congrats. If you ever need a hand with "
    "the website, I'm around.",
    "Hi {first}, quick question: who handles the website for {company} these days?",
    "{first}, following up on our call. I put together a short proposal, want me to send it?",
    "Hi {first}, hope you're doing well! Any chance you'd be open to a referral partnership?",
    "Thanks for the intro, {first}!",
    "Hey {first}, happy new year! Let me know if there's anything I can help with in Q1.",
    "Hi {first},\n\nThanks again for the referral. The client signed yesterday.\n\n"
    "Lunch is on me next week?",
)
PARTNER_OPENERS = (
    "Hi Sam, a friend recommended you. Our website is really outdated, do you have time for a "
    "call this week?",
    "Hey Sam! Loved the site you built for the dental office on Burnet. Who did your photos?",
    "Hi Sam, are you taking on new projects in the spring?",
    "Sam, do you work with restaurants? We need online ordering on our site.",
    "Hi Sam, I'd love to be on your list of partners. Happy to send samples.",
    "Hey Sam, got a client who needs a new website. OK if I pass along your info?",
    "Hi Sam! Thanks for connecting. I've seen your work around town, really nice stuff.",
    "Hi Sam,\n\nOur listings page is broken on phones again. Can you take a look when you get a "
    "minute?\n\nThanks!",
)
OWNER_REPLIES = (
    "Sounds good, talk soon!", "Thanks {first}!", "Sure, how does Tuesday at 10 look?",
    "Just sent the invoice over.", "Absolutely, send them my way.",
    "I'll take a look and get back to you by Friday.", "Great, I'll send a calendar invite.",
    "Here's the staging link: https://staging.example.com/preview", "Happy to help!",
    "Congrats on the launch!", "No worries at all.", "Perfect, thank you!",
    "Can you send me the logo files and a few photos?", "Fixed, let me know if it looks right.",
)
PARTNER_REPLIES = (
    "Thanks Sam!", "Tuesday works.", "Sounds great.", "Got it, thanks.", "Will do!",
    "Can we push to next week?", "Here are the photos: https://photos.example.org/share/a1b2",
    "Haha, yes!", "Perfect.", "Let me check with my partner and get back to you.",
    "Just paid the invoice, thanks again.", "The new site looks amazing!", "👍",
    "Thank you so much 🙏", "Looks good to me, ship it.",
)
INBOUND_BY_CATEGORY = {
    "competitor": (
        "Hi Sam, I hope this message finds you well. We help agencies like Brightline scale with "
        "a dedicated offshore development team at $15/hour. Open to a quick call?",
        "Hello Sam,\n\nWe offer a white-label WordPress service that agencies love. Can I share "
        "our portfolio?",
        "Hi Sam, fellow web designer here! Would you ever subcontract overflow work?",
        "Hey Sam, are you hiring? I'm a front-end developer looking for freelance projects.",
    ),
    "complementary": (
        "Hi Sam, I noticed your website could rank higher on Google. We offer guaranteed first "
        "page results. Can I send you a free audit?",
        "Hi Sam, I'm building a referral network of Austin creatives. Interested?",
        "Hey Sam, congrats on the work anniversary!",
        "Hi Sam, would your clients need professional headshots? Happy to offer a discount.",
    ),
    "prospect": (
        "Hi Sam, do you have a price list for a basic five-page site?",
        "Hey Sam, congrats on the work anniversary!",
        "Hi Sam, saw your post about site speed. Ours takes forever to load, any tips?",
    ),
    "unrelated": (
        "Hi Sam, we're hiring! Would you be open to a Senior Frontend role at a fast-growing "
        "startup?",
        "Hi Sam! I'd love to pick your brain about starting a web design business. Do you have "
        "15 minutes this week?",
        "Hi Sam, quick question: who handles IT and cybersecurity at Brightline?",
        "Hey Sam, are you the right person to talk to about lead generation?",
        "Congrats on the new role, Sam!",
    ),
}
SPAM = (
    "Congratulations! You have been selected for an exclusive business opportunity. Reply YES "
    "to learn more.",
    "Dear Sir/Madam, I am contacting you regarding a lucrative investment that will be of "
    "mutual benefit.",
    "Hi, I can get you 10,000 followers in a week. Guaranteed.",
    "URGENT: your business listing is expiring. Renew here: http://listing-renewal.example.net",
    "Hello dear, I saw your profile and would like to know you better.",
)
SPAM_SUBJECTS = ("Partnership opportunity", "Quick question", "Exclusive offer", "")
OUTBOUND = (
    "Hi {first}, I build websites for local businesses around Austin. Would love to learn more "
    "about {company}!",
    "Hi {first}, thanks for connecting! Let me know if I can ever help with your website.",
    "Hi {first}, I loved your last post. We should grab coffee sometime.",
    "Hi {first}, I'm putting together a list of trusted partners for my clients. "
    "Could I add you?",
)
DRAFTS = (
    "Hi {first}, I wanted to follow up on",
    "Hey {first}, quick question about",
    "Thanks for",
)
GROUP_TITLES = (
    "Austin Small Biz Referral Circle", "Brazos St. launch team", "Q3 co-marketing", "",
    "Spring open house", "",
)

# --------------------------------------------------------------------------------------------
# Relationship files.
# --------------------------------------------------------------------------------------------

OWNER_SKILLS = (
    "Web Design", "WordPress", "Responsive Web Design", "Search Engine Optimization (SEO)",
    "User Experience (UX)", "Branding", "Small Business", "HTML", "CSS", "Webflow",
    "Project Management", "Client Relations", "Graphic Design", "Google Analytics",
)
SKILLS_BY_SUB = {
    "real_estate": ("Real Estate", "Negotiation", "Residential Homes", "Customer Service"),
    "restaurant": ("Restaurant Management", "Hospitality", "Menu Development"),
    "dental": ("Dentistry", "Patient Care", "Practice Management"),
    "clinic": ("Patient Care", "Healthcare", "Practice Management"),
    "law": ("Litigation", "Legal Writing", "Estate Planning"),
    "contractor": ("Construction", "Project Estimation", "Roofing"),
    "retail": ("Retail", "Merchandising", "Customer Service"),
    "writing": ("Copywriting", "Content Strategy", "Editing"),
    "photo": ("Photography", "Video Production", "Adobe Lightroom"),
    "marketing": ("Digital Marketing", "Social Media Marketing", "SEO"),
    "design": ("Graphic Design", "Adobe Illustrator", "Branding"),
    "print": ("Printing", "Print Production", "Signage"),
    "books": ("Bookkeeping", "QuickBooks", "Tax Preparation"),
    "web": ("Web Development", "JavaScript", "WordPress"),
    "mixed": ("Web Development", "SEO"),
}
REC_RECEIVED = (
    "Sam rebuilt our website in six weeks and our online bookings doubled. Clear, friendly and "
    "always on time.",
    "Working with Sam was the easiest part of opening our second location. Highly recommended "
    "for any small business in Austin.",
    "Sam is the rare designer who listens first. Our new site finally looks like us.",
    "I've referred a dozen clients to Brightline Web Studio and every one of them came back "
    "happy. Sam is a true partner.",
    "Sam took our outdated site, made it fast and mobile-friendly, and trained our staff to "
    "update it. Five stars.",
)
REC_GIVEN = {
    "prospect": (
        "{first} has been a client and a friend for years. Smart, generous and always ready to "
        "help another local business.",
        "Working with {first} on the new site was a pleasure: clear decisions, fast feedback "
        "and a great eye for what customers need.",
    ),
    "complementary": (
        "{first} is the first person I call when a client needs help I don't offer. Reliable, "
        "creative and a pleasure to work with.",
        "I've partnered with {first} on many projects. {first} delivers on time, every time.",
    ),
}


INVITE_IN_MESSAGES = {
    "prospect": (
        "Hi Sam, I run a dental practice in Round Rock and our website needs a refresh. "
        "Would love to connect.",
        "Hi Sam, a friend at the chamber said you're the person to talk to about websites.",
        "Hello Sam, I just opened a restaurant on South Congress. Let's connect!",
        "Hi Sam, I'm a Realtor in Cedar Park. Saw your work for a brokerage, impressive.",
    ),
    "competitor": (
        "Hi Sam, we are a white-label web development team in Bengaluru. Let's connect!",
        "Hey Sam, fellow designer in Austin. Always good to know people in the field.",
    ),
    "complementary": (
        "Hi Sam, I'm a photographer in Austin working with small businesses. Would love to "
        "connect.",
        "Hi Sam, I do bookkeeping for local shops. Maybe we share clients!",
    ),
    "unrelated": (
        "Hi Sam, I'm expanding my network. Let's connect!",
        "Hi Sam, I'm a recruiter with exciting opportunities in tech.",
    ),
}
INVITE_OUT_MESSAGES = (
    "Hi {first}, I build websites for local businesses in Austin. Would love to connect.",
    "Hi {first}, we met at the Round Rock chamber lunch. Great chatting!",
    "Hi {first}, loved what you're doing at {company}. Let's connect.",
)

