"""Demo content: the POEMS syndrome hub and the medicines and guides around it.

Written in the project's own words for demonstration; medically sensible, but not a
substitute for a reviewed clinical source.
"""

import datetime

AUTHORS = [
    {
        "slug": "ruaridh-wood",
        "name": "Ruaridh Wood",
        "credentials": "MPharm, clinical pharmacist",
        "bio": "Ruaridh is a hospital pharmacist who works with haematology teams and writes about "
        "how cancer medicines and supportive treatments fit into everyday life.",
    },
    {
        "slug": "amira-haddad",
        "name": "Dr Amira Haddad",
        "credentials": "MD, FRCPath, consultant haematologist",
        "bio": "Amira looks after people with plasma-cell disorders, including POEMS syndrome and "
        "myeloma, and leads a stem-cell transplant clinic.",
    },
    {
        "slug": "tomasz-nowak",
        "name": "Dr Tomasz Nowak",
        "credentials": "MD, consultant neurologist",
        "bio": "Tomasz specialises in peripheral nerve disease and runs a clinic for people with "
        "inflammatory and paraprotein-related neuropathies.",
    },
    {
        "slug": "elin-carver",
        "name": "Elin Carver",
        "credentials": "RN, clinical nurse specialist in haematology",
        "bio": "Elin supports patients through treatment and recovery and writes practical guides on "
        "self-care and medicines safety.",
    },
]

SPECIALTIES = {
    "Haematology": "Diagnoses and treats blood and bone-marrow disorders.",
    "Neurology": "Looks after the brain, spinal cord and nerves.",
    "Endocrinology": "Looks after hormones and the glands that make them.",
    "Dermatology": "Looks after the skin, hair and nails.",
    "Clinical oncology": "Plans and gives radiotherapy.",
    "Physiotherapy": "Helps keep strength, balance and movement.",
}

MEDICATIONS = [
    {
        "slug": "lenalidomide",
        "name": "lenalidomide",
        # RxNorm 342369 (ingredient): a public test file pinning RXNORM.LENALIDOMIDE = "342369".
        # ATC L04AX04: several public drug tables (lenalidomide/Revlimid → L04AX04).
        "codes": [("rxnorm", "342369"), ("atc", "L04AX04")],
        "drug_class": "immunomodulatory drug",
        "brands": ["Revlimid"],
        "summary": "Lenalidomide is a capsule medicine that calms the abnormal plasma cells "
        "behind POEMS syndrome and myeloma. It is used when a stem-cell transplant is not an option.",
        "body": "Lenalidomide changes how the immune system and the bone marrow behave. It slows the "
        "growth of abnormal plasma cells and lowers the signals, such as VEGF, that drive many "
        "symptoms of [POEMS syndrome](condition:poems-syndrome).\n\n"
        "It is usually taken in 28-day cycles together with a corticosteroid such as "
        "[dexamethasone](medication:dexamethasone).",
        "side_effects": "- Tiredness\n- Low blood counts, which raise the risk of infection and bruising\n"
        "- Diarrhoea or constipation\n- Rash and itching\n- Muscle cramps",
        "warnings": "- **Pregnancy:** lenalidomide can seriously harm an unborn baby. Everyone taking it "
        "follows a pregnancy prevention programme.\n- **Blood clots:** it raises the risk of clots in "
        "the legs and lungs; most people take a blood thinner with it.\n- Get urgent help for chest "
        "pain, sudden breathlessness, a swollen painful leg or a fever.",
        "dosing": "A common starting dose in POEMS syndrome is 10 to 25 mg once a day on days 1 to 21 "
        "of a 28-day cycle. The dose is lowered for kidney problems or low blood counts. Your "
        "haematologist decides the dose.",
    },
    {
        "slug": "bortezomib",
        "name": "bortezomib",
        # RxNorm 358258: NMDP's CIBMTR reporting IG value set "RxNorm - Bortezomib" (358258 "bortezomib").
        # ATC L01XG01 (L01XX32 before 2022): FHIR concept maps and drug tables list L01XG01 Bortezomib.
        "codes": [("rxnorm", "358258"), ("atc", "L01XG01")],
        "drug_class": "proteasome inhibitor",
        "brands": ["Velcade"],
        "summary": "Bortezomib is an injection that makes abnormal plasma cells die off by blocking the "
        "machinery they use to clear waste proteins. It is an option when transplant is not possible.",
        "body": "Bortezomib blocks the proteasome, the cell's waste-disposal system. Plasma cells make "
        "large amounts of protein and are especially sensitive to this.\n\n"
        "Because it can itself damage nerves, doctors weigh it carefully in POEMS syndrome, where "
        "nerve damage is already the main problem.",
        "side_effects": "- Numbness, tingling or pain in the hands and feet\n- Tiredness\n"
        "- Low platelets\n- Diarrhoea\n- Shingles (an antiviral is usually given to prevent it)",
        "warnings": "- Tell your team at once if numbness or pain in your hands or feet gets worse.\n"
        "- Dizziness on standing can happen because of low blood pressure.",
        "dosing": "Usually 1.3 mg per square metre of body surface, injected under the skin once or "
        "twice a week in cycles. Your haematologist adjusts it if nerve symptoms worsen.",
    },
    {
        "slug": "melphalan",
        "name": "melphalan",
        # RxNorm 6718: NMDP's CIBMTR reporting IG value set "RxNorm - Melphalan" (6718 "melphalan").
        # ATC L01AA03: FHIR ATC value sets ("L01AA03" melphalan).
        "codes": [("rxnorm", "6718"), ("atc", "L01AA03")],
        "drug_class": "alkylating agent",
        "brands": ["Alkeran"],
        "summary": "Melphalan is a chemotherapy medicine. In high doses it clears the bone marrow before "
        "an autologous stem-cell transplant, the most effective treatment for eligible people.",
        "body": "Melphalan damages the DNA of dividing cells, including the abnormal plasma-cell clone. "
        "A single high dose wipes out much of the bone marrow, which is then rebuilt from your own "
        "stem cells collected beforehand.",
        "side_effects": "- Sickness and loss of appetite\n- Sore mouth\n- Hair loss\n"
        "- Very low blood counts for one to two weeks after a high dose",
        "warnings": "- High infection risk while blood counts recover: report any fever at once.\n"
        "- It can affect fertility; ask about storing eggs or sperm before treatment.",
        "dosing": "Before transplant, commonly 140 to 200 mg per square metre of body surface, given "
        "into a vein in hospital. The dose depends on kidney function and overall fitness.",
    },
    {
        "slug": "gabapentin",
        "name": "gabapentin",
        # RxNorm 25480: an RXNCONSO row (RXNORM, TTY IN, "gabapentin") quoted on Open Data Stack Exchange.
        # ATC N03AX12: several public drug tables (gabapentin, Neurontin → N03AX12).
        "codes": [("rxnorm", "25480"), ("atc", "N03AX12")],
        "drug_class": "gabapentinoid",
        "brands": ["Neurontin"],
        "summary": "Gabapentin eases nerve pain such as burning, shooting or tingling in the feet and "
        "hands. It does not treat the cause but can make daily life much more comfortable.",
        "body": "Gabapentin calms over-active nerve signals. It is widely used for neuropathic pain, "
        "including the [polyneuropathy](condition:polyneuropathy) of POEMS syndrome.\n\n"
        "It takes a few weeks of slowly rising doses to reach the dose that works for you.",
        "side_effects": "- Drowsiness and dizziness\n- Unsteadiness\n- Weight gain\n- Swollen ankles",
        "warnings": "- Do not stop suddenly: reduce slowly with your doctor's help.\n"
        "- Taking it with opioids or alcohol can slow breathing dangerously.\n"
        "- Seek help for thoughts of self-harm, which are a rare effect.",
        "dosing": "Often started at 300 mg at night and increased over days to weeks, up to 900 to "
        "3,600 mg a day split into three doses. Lower doses are used when the kidneys work less well.",
    },
    {
        "slug": "levocetirizine",
        "name": "levocetirizine",
        # ATC R06AE09: a public ATC mapping (levocetirizine → R06AE09). Its RxNorm ingredient RxCUI
        # could not be confirmed in a public reference, so none is given rather than a guess.
        "codes": [("atc", "R06AE09")],
        "drug_class": "antihistamine",
        "brands": ["Xyzal"],
        "prescription_status": "Pharmacy",
        "summary": "Levocetirizine is a once-a-day antihistamine that relieves itching and allergy "
        "symptoms. It causes less drowsiness than older antihistamines.",
        "body": "Levocetirizine blocks histamine, one of the body's itch signals. It can help the itchy "
        "skin some people with POEMS syndrome notice.",
        "side_effects": "- Mild drowsiness\n- Dry mouth\n- Headache",
        "warnings": "- Lower doses are needed when the kidneys work less well.\n"
        "- Avoid driving if it makes you sleepy.",
        "dosing": "5 mg once a day for adults.",
    },
    {
        "slug": "spironolactone",
        "name": "spironolactone",
        # RxNorm 9997: several public medication tables (spironolactone → rxnorm "9997").
        # ATC C03DA01: public drug tables (spironolactone, Aldactone → C03DA01).
        "codes": [("rxnorm", "9997"), ("atc", "C03DA01")],
        "drug_class": "potassium-sparing diuretic",
        "brands": ["Aldactone"],
        "summary": "Spironolactone is a water tablet that helps the body get rid of extra fluid while "
        "keeping potassium. It is used for swelling and fluid in the abdomen.",
        "body": "Spironolactone blocks aldosterone, a hormone that makes the kidneys hold on to salt and "
        "water. It suits fluid build-up linked to the liver and is gentler on potassium levels than "
        "[furosemide](medication:furosemide).",
        "side_effects": "- Passing more urine\n- Dizziness\n- Breast tenderness or enlargement\n- Irregular periods",
        "warnings": "- It can raise potassium to dangerous levels, especially with kidney problems: "
        "you will need blood tests.\n- Avoid potassium supplements and salt substitutes unless told.",
        "dosing": "Usually 25 to 100 mg once a day, sometimes more for fluid in the abdomen. Taken in "
        "the morning so you are not up at night.",
    },
    {
        "slug": "furosemide",
        "name": "furosemide",
        # RxNorm 4603: a public drug knowledge graph (Furosemide, rxnorm "4603").
        # ATC C03CA01: public drug tables (furosemide, Lasix → C03CA01).
        "codes": [("rxnorm", "4603"), ("atc", "C03CA01")],
        "drug_class": "loop diuretic",
        "brands": ["Lasix"],
        "summary": "Furosemide is a strong, fast-acting water tablet used for swelling and fluid on the "
        "lungs. It can lower potassium.",
        "body": "Furosemide acts on a loop of the kidney's filtering tubes and makes you pass a lot of "
        "urine within an hour or two.",
        "side_effects": "- Passing a lot of urine\n- Thirst and dry mouth\n- Dizziness\n- Low potassium or sodium",
        "warnings": "- Blood tests check your salts and kidney function.\n"
        "- Seek help for severe dizziness, confusion or muscle weakness.",
        "dosing": "Commonly 20 to 80 mg in the morning; higher doses are split. Your doctor adjusts it "
        "by your weight and swelling.",
    },
    {
        "slug": "dexamethasone",
        "name": "dexamethasone",
        # RxNorm 3264: public order sets (rxnorm "3264", display "Dexamethasone").
        # ATC H02AB02: public drug tables (dexamethasone → H02AB02).
        "codes": [("rxnorm", "3264"), ("atc", "H02AB02")],
        "drug_class": "corticosteroid",
        "brands": [],
        "summary": "Dexamethasone is a strong steroid medicine. Short courses calm inflammation and help "
        "treatments such as lenalidomide work against abnormal plasma cells.",
        "body": "Dexamethasone copies cortisol, a natural hormone, at much higher strength. It lowers "
        "inflammation and kills some abnormal plasma cells on its own.",
        "side_effects": "- Trouble sleeping\n- Mood changes\n- Raised blood sugar\n- Increased appetite",
        "warnings": "- Do not stop a long course suddenly.\n- It can hide the signs of infection; report "
        "any fever.\n- People with diabetes may need more checks of their blood sugar.",
        "dosing": "With lenalidomide, often 20 to 40 mg once a week. Short courses for flare-ups vary; "
        "take it in the morning with food.",
    },
]

COMPONENTS = [
    {
        "slug": "polyneuropathy",
        "name": "Polyneuropathy",
        # ICD-10-CM G62.9 "Polyneuropathy, unspecified" and G63 "Polyneuropathy in diseases classified
        # elsewhere" (the manifestation code used after the underlying disease): CDC tabular list, April
        # 2026, as bundled in simple-icd-10-cm 1.5.0.
        "codes": [("icd10cm", "G62.9"), ("icd10cm", "G63")],
        "definition": "The nerve-damage part of POEMS syndrome, and usually its first sign.",
        "summary": "Polyneuropathy is damage to many nerves at once. In POEMS syndrome it starts in the "
        "feet with tingling, numbness and weakness, and slowly spreads upwards.",
    },
    {
        "slug": "organomegaly",
        "name": "Organomegaly",
        # ICD-10-CM R16.2 "Hepatomegaly with splenomegaly, not elsewhere classified", R16.0 and R16.1
        # (liver, spleen alone): CDC tabular list, April 2026 (simple-icd-10-cm 1.5.0).
        "codes": [("icd10cm", "R16.2"), ("icd10cm", "R16.0"), ("icd10cm", "R16.1")],
        "definition": "Enlargement of the liver, spleen or lymph nodes.",
        "summary": "Organomegaly means enlarged organs. In POEMS syndrome the liver, spleen or lymph "
        "nodes can grow and fluid can collect in the abdomen or legs.",
    },
    {
        "slug": "endocrinopathy",
        "name": "Endocrinopathy",
        # ICD-10-CM E34.9 "Endocrine disorder, unspecified": CDC tabular list, April 2026.
        "codes": [("icd10cm", "E34.9")],
        "definition": "Disturbance of hormones from the thyroid, adrenal glands, pancreas or sex glands.",
        "summary": "Endocrinopathy is a problem with the glands that make hormones. It can cause "
        "tiredness, low sex drive, diabetes or an underactive thyroid.",
    },
    {
        "slug": "monoclonal-plasma-cell-disorder",
        "name": "Monoclonal plasma-cell disorder",
        # ICD-10-CM D47.2 "Monoclonal gammopathy": CDC tabular list, April 2026; diseasemaps.org's
        # POEMS coding page also names D47.2 for the monoclonal gammopathy.
        "codes": [("icd10cm", "D47.2")],
        "short_name": "M-protein",
        "also_known_as": "Monoclonal gammopathy\nParaproteinaemia",
        "definition": "A clone of abnormal plasma cells making one antibody: the driver of POEMS and the "
        "target of treatment.",
        "summary": "A monoclonal plasma-cell disorder is a group of identical abnormal plasma cells in the "
        "bone marrow. They make one antibody, the M-protein, which blood tests can measure.",
    },
    {
        "slug": "poems-skin-changes",
        "name": "Skin changes in POEMS syndrome",
        # ICD-10-CM R23.8 "Other skin changes": CDC tabular list, April 2026.
        "codes": [("icd10cm", "R23.8")],
        "definition": "Darkened or thickened skin, small red growths, extra hair and white nails.",
        "summary": "Many people with POEMS syndrome notice skin changes: darker skin, small cherry-red "
        "spots called haemangiomas, thicker hair on the body, or pale nails.",
    },
]

POEMS = {
    "slug": "poems-syndrome",
    "name": "POEMS syndrome",
    # ICD-10-CM D47.Z9 "Other specified neoplasms of uncertain behavior of lymphoid, hematopoietic
    # and related tissue": checked as a billable code in the CDC tabular list, April 2026
    # (simple-icd-10-cm 1.5.0) and on an FY2026 code page (hccbuddy.com/icd10/D47.Z9). That POEMS
    # syndrome is indexed to it could not be confirmed in a public reference found here; one page
    # (diseasemaps.org) codes POEMS by its gammopathy, D47.2, which the monoclonal plasma-cell
    # disorder component carries. A medical coder should confirm before production use. No SNOMED CT
    # id could be confirmed either, so none is given.
    "codes": [("icd10cm", "D47.Z9")],
    "short_name": "POEMS",
    "also_known_as": "Polyneuropathy, organomegaly, endocrinopathy, monoclonal plasma-cell disorder "
    "and skin changes\nCrow–Fukase syndrome\nTakatsuki syndrome\nPEP syndrome",
    "definition": "A rare plasma-cell disorder that damages nerves and affects many organs.",
    "summary": "POEMS syndrome is a rare condition in which a small clone of abnormal plasma cells "
    "harms the nerves, hormones, skin and organs. Treating the clone early can stop it and often "
    "reverse much of the damage.",
    "typical_onset": "Usually adults in their 40s to 60s; slightly more men than women.",
    "image": "nerve-diagram",
    "image_alt": "Drawing of a person with the nerves running from the spine down both legs to the feet.",
    "overview": "## What happens in POEMS syndrome\n\n"
    "The name lists its main features: **P**olyneuropathy, **O**rganomegaly, "
    "**E**ndocrinopathy, a **M**onoclonal plasma-cell disorder and **S**kin changes. Not everyone "
    "has all five. Other common signs are swelling, fluid in the abdomen, thickened bones seen "
    "on scans, and a raised level of a blood protein called VEGF.\n\n"
    "## Why it happens\n\n"
    "A small group of identical plasma cells in the bone marrow grows out of control. These "
    "cells release signals, especially VEGF, that make blood vessels leaky and damage nerves. "
    "The number of abnormal cells is usually much smaller than in myeloma, which is why the "
    "condition is often missed at first.\n\n"
    "## Getting a diagnosis\n\n"
    "Diagnosis often takes time because polyneuropathy, the nerve damage, comes first and can look "
    "like other neuropathies.\n\n"
    "![Drawing of a person with nerves running from the spine to the feet. The nerve endings in the feet "
    'are marked, with arrows pointing up the legs.](image:nerve-diagram "The nerve damage usually starts '
    'in the feet and slowly moves up the legs.")\n\n'
    "Blood and urine tests that find the M-protein, a VEGF level, nerve studies, "
    "bone scans and a bone-marrow sample together confirm it.\n\n"
    "## Living with it\n\n"
    "Treatment works best when several teams share care. Regular serum protein electrophoresis "
    "blood tests show whether it is working. Nerve pain can be eased with "
    "[gabapentin](medication:gabapentin), and fluid build-up with "
    "[spironolactone](medication:spironolactone). Read our "
    "[guide to lenalidomide](article:lenalidomide-for-poems-syndrome-mechanism-benefits-and-risks) "
    "for one of the main treatments.",
    "care_team": [
        ("Haematology", "Treats the plasma-cell disorder that drives the condition."),
        ("Neurology", "Assesses and follows the nerve damage."),
        ("Endocrinology", "Finds and replaces missing hormones."),
        ("Dermatology", "Advises on skin changes and itching."),
        ("Physiotherapy", "Keeps you moving safely while nerves recover."),
    ],
    "components": [
        "polyneuropathy",
        "organomegaly",
        "endocrinopathy",
        "monoclonal-plasma-cell-disorder",
        "poems-skin-changes",
    ],
    "treatments": [
        (
            "High-dose melphalan with autologous stem-cell transplant",
            "transplant",
            "For people fit enough, this is the most effective treatment and often brings long "
            "remissions. Your own stem cells are collected, then returned after high-dose chemotherapy.",
            ["melphalan"],
        ),
        (
            "Lenalidomide or bortezomib when transplant is not possible",
            "disease_directed",
            "Medicines that target the abnormal plasma cells, usually with dexamethasone. They can shrink "
            "enlarged organs and let the nerves slowly recover.",
            ["lenalidomide", "bortezomib"],
        ),
        (
            "Low-dose radiotherapy for isolated plasmacytomas",
            "radiation",
            "When the abnormal cells sit in one or a few bone lesions, targeted radiotherapy can control "
            "the disease on its own.",
            [],
        ),
        (
            "Gabapentin for nerve pain",
            "symptom_relief",
            "Eases burning and shooting pain in the feet and hands while the nerves heal.",
            ["gabapentin"],
        ),
        (
            "Levocetirizine for itching",
            "symptom_relief",
            "An antihistamine that can calm itchy skin.",
            ["levocetirizine"],
        ),
        (
            "Short courses of corticosteroids",
            "symptom_relief",
            "Used for a few days or weeks to damp down flare-ups of inflammation and swelling.",
            ["dexamethasone"],
        ),
        (
            "Spironolactone for fluid build-up",
            "supportive_care",
            "A water tablet that helps clear fluid from the abdomen and legs while protecting potassium.",
            ["spironolactone"],
        ),
        (
            "Hormone replacement",
            "endocrine_care",
            "Thyroid hormone, testosterone or oestrogen, or medicines for diabetes, to replace what the "
            "glands no longer make.",
            [],
        ),
        (
            "Serum protein electrophoresis to track the M-protein",
            "monitoring",
            "A regular blood test that measures the abnormal protein and shows whether treatment is working.",
            [],
        ),
        (
            "Balanced diet, gentle exercise and skin care",
            "lifestyle",
            "Staying active with physiotherapy support, eating well and caring for the skin help you "
            "feel stronger during recovery.",
            [],
        ),
    ],
}

LENALIDOMIDE_GUIDE = "lenalidomide-for-poems-syndrome-mechanism-benefits-and-risks"

ARTICLES = [
    {
        "slug": LENALIDOMIDE_GUIDE,
        "title": "Lenalidomide for POEMS Syndrome: Mechanism, Benefits, and Risks",
        "kind": "guide",
        "author": "ruaridh-wood",
        "reviewed_by": "amira-haddad",
        "published_at": datetime.datetime(2025, 10, 18, 9, 0),
        "conditions": ["poems-syndrome", "monoclonal-plasma-cell-disorder"],
        "medications": ["lenalidomide", "dexamethasone"],
        "tags": ["lenalidomide", "plasma-cell treatment", "POEMS"],
        "image": "lenalidomide-cycle",
        "image_alt": "A timeline of one 28-day lenalidomide cycle: 21 days with a capsule, then 7 days without.",
        "summary": "How lenalidomide works against the plasma-cell clone in POEMS syndrome, what benefits "
        "to expect, the side effects to watch for, and how it compares with other treatments.",
        "body": "## How lenalidomide works\n\n"
        "[Lenalidomide](medication:lenalidomide) belongs to a family called immunomodulatory drugs. "
        "It slows the abnormal plasma cells at the heart of "
        "[POEMS syndrome](condition:poems-syndrome) and lowers VEGF, the signal that makes blood "
        "vessels leak and nerves suffer.\n\n"
        "## Who it is for\n\n"
        "It is mostly used when a stem-cell transplant is not suitable, for example because of "
        "age, other illnesses or severe weakness, or when the condition comes back after a "
        "transplant.\n\n"
        "## What benefits to expect\n\n"
        "- VEGF levels often fall within a few months.\n"
        "- Swelling and fluid usually improve first.\n"
        "- Nerves recover slowly, over one to two years; strength tends to return before "
        "feeling.\n\n"
        "## How it is taken\n\n"
        "Lenalidomide comes as capsules, taken once a day for 21 days, followed by 7 days without. "
        "Each 28-day block is called a cycle.\n\n"
        "![A timeline of 28 days: a capsule on each of days 1 to 21, then none on days 22 to 28, then the "
        'next cycle starts.](image:lenalidomide-cycle "One 28-day cycle of lenalidomide.")\n\n'
        "## Risks and how they are managed\n\n"
        "| Risk | What your team does |\n"
        "| --- | --- |\n"
        "| Blood clots | A blood thinner such as aspirin or an anticoagulant |\n"
        "| Low blood counts | Regular blood tests and dose changes |\n"
        "| Harm to an unborn baby | A strict pregnancy prevention programme |\n\n"
        "It is usually taken with [dexamethasone](medication:dexamethasone), which adds its own "
        "side effects such as poor sleep and high blood sugar.\n\n"
        "## How it compares\n\n"
        "Compared with [bortezomib](medication:bortezomib), lenalidomide rarely worsens nerve "
        "damage, which matters in a condition where the nerves are already hurt. A transplant "
        "with [melphalan](medication:melphalan) gives longer remissions for those who can have one.",
        "sources": [
            (
                "POEMS syndrome: update on diagnosis, risk-stratification, and management",
                "American Journal of Hematology",
                "https://pubmed.ncbi.nlm.nih.gov/?term=POEMS+syndrome+update+on+diagnosis+risk-stratification+and+management",
            ),
            (
                "Lenalidomide: summary of product characteristics",
                "Electronic Medicines Compendium",
                "https://www.medicines.org.uk/emc/search?q=lenalidomide",
            ),
        ],
    },
    {
        "slug": "stem-cell-transplant-for-poems-syndrome-what-to-expect",
        "title": "Stem-Cell Transplant for POEMS Syndrome: What to Expect",
        "kind": "guide",
        "author": "amira-haddad",
        "reviewed_by": "tomasz-nowak",
        "published_at": datetime.datetime(2025, 9, 2, 9, 0),
        "conditions": ["poems-syndrome"],
        "medications": ["melphalan"],
        "tags": ["transplant", "POEMS"],
        "summary": "A step-by-step look at high-dose melphalan with an autologous stem-cell transplant, "
        "from collecting your cells to recovering at home.",
        "body": "## Collecting your stem cells\n\n"
        "Injections of a growth factor push stem cells from the bone marrow into the blood. They "
        "are collected through a drip over one or two days and frozen.\n\n"
        "## High-dose treatment\n\n"
        "You receive a single high dose of [melphalan](medication:melphalan). Two days later your "
        "own stem cells are returned through a drip, like a blood transfusion.\n\n"
        "## The weeks after\n\n"
        "Blood counts are very low for one to two weeks, so infection is the main risk. Most "
        "people stay in hospital for about three weeks and need several months to regain energy.\n\n"
        "## Results\n\n"
        "Most people with [POEMS syndrome](condition:poems-syndrome) respond, and many stay in "
        "remission for years. Nerve recovery continues for up to three years.",
        "sources": [],
    },
    {
        "slug": "spironolactone-or-furosemide-comparing-diuretics-for-fluid-build-up",
        "title": "Spironolactone or Furosemide? Comparing Diuretics for Fluid Build-up",
        "kind": "drug_comparison",
        "author": "ruaridh-wood",
        "reviewed_by": "amira-haddad",
        "published_at": datetime.datetime(2025, 8, 14, 9, 0),
        "conditions": ["poems-syndrome", "organomegaly"],
        "medications": ["spironolactone", "furosemide"],
        "tags": ["diuretics", "fluid build-up"],
        "summary": "Two common water tablets side by side: how fast they work, what they do to potassium, "
        "and why doctors often choose spironolactone for fluid in the abdomen.",
        "body": "## Two ways to clear fluid\n\n"
        "[Spironolactone](medication:spironolactone) (Aldactone) blocks the hormone aldosterone. "
        "[Furosemide](medication:furosemide) (Lasix) acts on a different part of the kidney and is "
        "much stronger and faster.\n\n"
        "## Side by side\n\n"
        "| Feature | Spironolactone | Furosemide |\n"
        "| --- | --- | --- |\n"
        "| Speed | Builds up over days | Works within an hour |\n"
        "| Potassium | May rise | May fall |\n"
        "| Typical dose | 25–100 mg daily | 20–80 mg daily |\n\n"
        "## Why they are often combined\n\n"
        "Used together, their effects on potassium balance each other, and fluid clears more "
        "steadily. Blood tests every few weeks keep salts and kidneys in check.\n\n"
        "## Questions to ask\n\n"
        "- How much weight should I expect to lose each day?\n"
        "- Which blood tests do I need and when?\n"
        "- Should I change how much I drink?",
        "sources": [
            ("Spironolactone: medicine information", "NHS", "https://www.nhs.uk/medicines/spironolactone/"),
            ("Furosemide: medicine information", "NHS", "https://www.nhs.uk/medicines/furosemide/"),
        ],
    },
    {
        "slug": "gabapentin-dosage-guide-for-nerve-pain",
        "title": "Gabapentin Dosage Guide for Nerve Pain",
        "kind": "dosage_guide",
        "author": "tomasz-nowak",
        "reviewed_by": "amira-haddad",
        "published_at": datetime.datetime(2025, 7, 21, 9, 0),
        "conditions": ["polyneuropathy", "poems-syndrome"],
        "medications": ["gabapentin"],
        "tags": ["nerve pain", "dosing"],
        "summary": "How gabapentin doses are built up for nerve pain, what to do about a missed dose, and "
        "how to come off it safely.",
        "body": "## Starting low\n\n"
        "[Gabapentin](medication:gabapentin) (Neurontin) is started at a low dose, often 300 mg at "
        "bedtime, to limit drowsiness.\n\n"
        "## Building up\n\n"
        "The dose is raised every few days, usually to three doses a day. Many people find relief "
        "between 900 and 1,800 mg a day; some need up to 3,600 mg.\n\n"
        "## Kidneys and dose\n\n"
        "Gabapentin leaves the body through the kidneys, so people with reduced kidney function "
        "take smaller doses.\n\n"
        "## Missed doses\n\n"
        "Take it when you remember unless the next dose is due within a few hours. Never double up.\n\n"
        "## Stopping\n\n"
        "Reduce slowly over at least a week with your doctor's advice; stopping suddenly can cause "
        "anxiety, sweating and, rarely, seizures.",
        "sources": [
            ("Gabapentin: medicine information", "NHS", "https://www.nhs.uk/medicines/gabapentin/"),
        ],
    },
    {
        "slug": "buying-generic-medicines-safely-practical-tips",
        "title": "Buying Generic Medicines Safely: Practical Tips",
        "kind": "safety_tips",
        "author": "elin-carver",
        "reviewed_by": "ruaridh-wood",
        "published_at": datetime.datetime(2025, 6, 10, 9, 0),
        "conditions": ["poems-syndrome"],
        "medications": [],
        "tags": ["medicine safety", "generics"],
        "summary": "Generic medicines work as well as brands and cost less. Here is how to check that "
        "what you buy, especially online, is the real thing.",
        "body": "## Generics are the same medicine\n\n"
        "A generic contains the same active ingredient at the same strength as the brand and must "
        "meet the same quality standards. Gabapentin and Neurontin are the same medicine.\n\n"
        "## Buying online\n\n"
        "- Use pharmacies registered with your national pharmacy regulator.\n"
        "- Be wary of sites that sell prescription medicines without a prescription.\n"
        "- Prices far below normal are a warning sign.\n\n"
        "## When the pack looks different\n\n"
        "Generic makers change, so tablets may change colour or shape. Ask your pharmacist if you "
        "are unsure; it is a normal question.\n\n"
        "## Keep a list\n\n"
        "Write down the generic name of every medicine you take so any pharmacist can check for "
        "interactions.",
        "sources": [],
    },
    {
        "slug": "self-care-with-poems-syndrome",
        "title": "Self-Care with POEMS Syndrome: Skin, Movement and Everyday Energy",
        "kind": "self_care",
        "author": "elin-carver",
        "reviewed_by": "tomasz-nowak",
        "published_at": datetime.datetime(2025, 5, 6, 9, 0),
        "conditions": ["poems-syndrome", "poems-skin-changes", "polyneuropathy"],
        "medications": [],
        "tags": ["self-care", "POEMS"],
        "summary": "Small daily habits that protect numb feet, soothe the skin and help you manage "
        "tiredness while treatment does its work.",
        "body": "## Look after your feet\n\n"
        "Numb feet do not feel injuries. Check them daily, wear well-fitting shoes, and test bath "
        "water with your elbow.\n\n"
        "## Keep moving\n\n"
        "Gentle, regular exercise with a physiotherapist's plan keeps muscles strong and helps "
        "balance. Short walks count.\n\n"
        "## Care for your skin\n\n"
        "Use unperfumed moisturisers and lukewarm water. Tell your team about itching: medicines "
        "such as [levocetirizine](medication:levocetirizine) can help.\n\n"
        "## Pace your energy\n\n"
        "Plan the day with rests between tasks, and eat regular balanced meals.",
        "sources": [],
    },
    {
        "slug": "understanding-serum-protein-electrophoresis-results",
        "title": "Understanding Your Serum Protein Electrophoresis Results",
        "kind": "guide",
        "author": "amira-haddad",
        "reviewed_by": "ruaridh-wood",
        "published_at": datetime.datetime(2025, 4, 1, 9, 0),
        "conditions": ["poems-syndrome", "monoclonal-plasma-cell-disorder"],
        "medications": [],
        "tags": ["blood tests", "monitoring"],
        "summary": "What the M-protein result on your blood test report means, and why a small number "
        "still matters in POEMS syndrome.",
        "body": "## What the test does\n\n"
        "Serum protein electrophoresis separates the proteins in your blood. An abnormal clone of "
        "plasma cells shows up as a sharp band, the M-protein.\n\n"
        "## Reading the numbers\n\n"
        "In POEMS syndrome the M-protein is often small, sometimes too small to measure. A more "
        "sensitive test, immunofixation, shows its type.\n\n"
        "## Why it is repeated\n\n"
        "Falling levels suggest treatment is working. VEGF levels are usually checked alongside.",
        "sources": [],
    },
]

DRAFT_ARTICLE = {
    "slug": "bortezomib-and-nerve-pain-what-we-know",
    "title": "Bortezomib and Nerve Pain: What We Know",
    "kind": "guide",
    "status": "draft",
    "author": "tomasz-nowak",
    "reviewed_by": None,
    "published_at": None,
    "conditions": ["poems-syndrome"],
    "medications": ["bortezomib"],
    "tags": ["nerve pain"],
    "summary": "Draft: how bortezomib can affect nerves, and how doses are adjusted.",
    "body": "## Draft\n\nThis article is still being written and checked.",
    "sources": [],
}

SCHEDULED_ARTICLE = {
    "slug": "vegf-and-poems-syndrome-new-research",
    "title": "VEGF and POEMS Syndrome: New Research",
    "kind": "news",
    "author": "amira-haddad",
    "reviewed_by": "ruaridh-wood",
    "published_at": "in 30 days",
    "conditions": ["poems-syndrome"],
    "medications": [],
    "tags": ["research"],
    "summary": "Scheduled: a round-up of recent research on VEGF as a marker of POEMS syndrome.",
    "body": "## Why VEGF matters\n\nVEGF levels rise in most people with POEMS syndrome and fall "
    "with successful treatment.",
    "sources": [],
}

CURATED_GUIDES = [
    LENALIDOMIDE_GUIDE,
    "stem-cell-transplant-for-poems-syndrome-what-to-expect",
    "spironolactone-or-furosemide-comparing-diuretics-for-fluid-build-up",
    "gabapentin-dosage-guide-for-nerve-pain",
    "self-care-with-poems-syndrome",
    # Unpublished: kept in the list to show that patients never see them.
    "bortezomib-and-nerve-pain-what-we-know",
    "vegf-and-poems-syndrome-new-research",
]

REVIEWED_ON = datetime.date(2025, 10, 1)
# When the demo guides' sources were read, shown to patients as "Accessed 18 October 2025".
SOURCES_ACCESSED_ON = datetime.date(2025, 10, 18)

# The glossary: the medical words of the POEMS hub, each in one plain sentence.
# A term may point patients to a condition or a medication page to read next (by slug).
TERMS = [
    {
        "slug": "polyneuropathy",
        "term": "polyneuropathy",
        "definition": "Damage to many nerves at once, often felt as tingling, numbness or weakness in the "
        "feet and hands.",
        "synonyms": "peripheral neuropathy",
        "explanation": "The long nerves to the feet are usually hurt first, so symptoms start in the toes "
        "and move up the legs. In POEMS syndrome this is often the first problem people notice.",
        "condition": "polyneuropathy",
    },
    {
        "slug": "organomegaly",
        "term": "organomegaly",
        "definition": "Organs that have grown bigger than normal, such as the liver, spleen or lymph nodes.",
        "synonyms": "enlarged organs",
        "explanation": "A doctor may feel the larger organ during an examination, or see it on a scan. "
        "It often shrinks again with treatment.",
        "condition": "organomegaly",
    },
    {
        "slug": "endocrinopathy",
        "term": "endocrinopathy",
        "definition": "A problem with the glands that make hormones, such as the thyroid or the adrenal glands.",
        "synonyms": "hormone problem",
        "explanation": "Hormones carry messages around the body. When a gland makes too little, you may "
        "feel tired, cold or low in mood, and tablets can replace the missing hormone.",
        "condition": "endocrinopathy",
    },
    {
        "slug": "monoclonal-gammopathy",
        "term": "monoclonal gammopathy",
        "definition": "A group of identical plasma cells making too much of one antibody, which shows up "
        "in blood tests.",
        "synonyms": "monoclonal plasma-cell disorder\nparaproteinaemia",
        "explanation": "In POEMS syndrome this small group of cells drives the whole illness. Treatment aims "
        "to stop it.",
        "condition": "monoclonal-plasma-cell-disorder",
    },
    {
        "slug": "m-protein",
        "term": "M-protein",
        "definition": "The single kind of antibody made by a group of identical plasma cells, measured by blood tests.",
        "synonyms": "monoclonal protein\nparaprotein",
        "explanation": "The amount of M-protein helps doctors see whether treatment is working. In POEMS "
        "syndrome the amount is often very small.",
    },
    {
        "slug": "plasma-cell",
        "term": "plasma cell",
        "definition": "A white blood cell in the bone marrow that makes antibodies to fight infection.",
        "synonyms": "",
        "explanation": "Healthy plasma cells each make a different antibody. When one of them copies itself "
        "again and again, the copies all make the same antibody.",
    },
    {
        "slug": "plasmacytoma",
        "term": "plasmacytoma",
        "definition": "A lump made of abnormal plasma cells, usually in a bone.",
        "synonyms": "",
        "explanation": "When there are only one or a few of these lumps, radiotherapy aimed at them can be "
        "enough treatment.",
    },
    {
        "slug": "vegf",
        "term": "VEGF",
        "definition": "A signal in the blood that makes blood vessels grow and leak; it is high in POEMS syndrome.",
        "synonyms": "vascular endothelial growth factor",
        "explanation": "A high level helps doctors confirm POEMS syndrome. The level usually falls when "
        "treatment works.",
    },
    {
        "slug": "serum-protein-electrophoresis",
        "term": "serum protein electrophoresis",
        "definition": "A blood test that sorts the proteins in your blood and shows an M-protein if there is one.",
        "synonyms": "SPEP\nprotein electrophoresis",
        "explanation": "It is done at diagnosis and then every few months to follow the M-protein.",
    },
    {
        "slug": "autologous-stem-cell-transplant",
        "term": "autologous stem-cell transplant",
        "definition": "A treatment where your own stem cells are collected, then given back after strong chemotherapy.",
        "synonyms": "stem-cell transplant\nautologous transplant",
        "explanation": "Because the cells are your own, your body does not reject them. The new cells "
        "rebuild your bone marrow over a few weeks.",
        "medication": "melphalan",
    },
    {
        "slug": "bone-marrow",
        "term": "bone marrow",
        "definition": "The soft tissue inside bones where blood cells are made.",
        "synonyms": "",
        "explanation": "",
    },
    {
        "slug": "remission",
        "term": "remission",
        "definition": "A time when an illness is under control and its signs have gone or become much smaller.",
        "synonyms": "",
        "explanation": "",
    },
    {
        "slug": "diuretic",
        "term": "diuretic",
        "definition": "A medicine that makes you pass more urine, to get rid of extra fluid; also called a "
        "water tablet.",
        "synonyms": "water tablet",
        "explanation": "",
        "medication": "spironolactone",
    },
]

# Patients' answers to "Was this page helpful?" on the hub: (helpful, reason, comment).
FEEDBACK = [
    (True, "", ""),
    (True, "", "Clear and kind. Thank you."),
    (False, "medical_error", "The melphalan section does not say the transplant needs you to be fit enough first."),
    (False, "hard_to_understand", "What is a monoclonal protein? I had to look it up."),
    (False, "missing", "Nothing on travel insurance while on lenalidomide."),
]
