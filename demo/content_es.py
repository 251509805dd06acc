"""Spanish versions of demo items, keyed by the English item's slug.

Each entry holds only the texts patients read, in plain Spanish for readers in Spain and Latin
America, with its own Spanish slug. Facts stay in demo/content.py and are not repeated here: codes,
brands, prescription status, article kinds, treatment categories, authors, relations, tags, dates
and sources. Treatments and care-team focus texts follow the order of the English POEMS entry.

Internal links point at the Spanish slug of an item that has a Spanish version in this file, and
at the English slug of any other item. Decimals are written with a comma (1,3 mg) and four-digit
numbers without a separator (3600 mg). Written in the project's own words, like content.py;
not a substitute for a reviewed clinical source.
"""

# A second medical reviewer, who checks the Spanish texts; same keys as an entry of content.AUTHORS.
REVIEWER = {
    "slug": "ines-valdivia",
    "name": "Dra. Inés Valdivia",
    "credentials": "Médica especialista en hematología",
    "bio": "Inés es hematóloga y atiende a personas con trastornos de las células plasmáticas, como el síndrome "
    "POEMS y el mieloma. Revisa la información en español para que sea exacta y fácil de entender.",
}


# The specialties of the care team, by their English names: (Spanish name, description).
SPECIALTIES = {
    "Haematology": ("Hematología", "Diagnostica y trata las enfermedades de la sangre y de la médula ósea."),
    "Neurology": ("Neurología", "Atiende el cerebro, la médula espinal y los nervios."),
    "Endocrinology": ("Endocrinología", "Atiende las hormonas y las glándulas que las producen."),
    "Dermatology": ("Dermatología", "Atiende la piel, el pelo y las uñas."),
    "Clinical oncology": ("Oncología radioterápica", "Planifica y administra la radioterapia."),
    "Physiotherapy": ("Fisioterapia", "Ayuda a mantener la fuerza, el equilibrio y el movimiento."),
}


# The credentials line of each author in content.AUTHORS, in Spanish (worded without grammatical gender).
AUTHOR_CREDENTIALS = {
    "ruaridh-wood": "MPharm, especialista en farmacia clínica",
    "amira-haddad": "MD, FRCPath, especialista sénior en hematología",
    "tomasz-nowak": "MD, especialista sénior en neurología",
    "elin-carver": "RN, especialista en enfermería hematológica",
}


# The POEMS hub and its five components. Treatments: name and description; care team: the focus text.
CONDITIONS = {
    "poems-syndrome": {
        "slug": "sindrome-poems",
        "name": "Síndrome POEMS",
        "short_name": "POEMS",
        "also_known_as": "Polineuropatía, organomegalia, endocrinopatía, trastorno monoclonal de células "
        "plasmáticas y cambios en la piel\n"
        "Síndrome de Crow–Fukase\n"
        "Síndrome de Takatsuki\n"
        "Síndrome PEP",
        "definition": "Un trastorno poco frecuente de las células plasmáticas que daña los nervios y afecta a "
        "muchos órganos.",
        "summary": "El síndrome POEMS es una enfermedad poco frecuente. Un pequeño clon de células plasmáticas "
        "anormales daña los nervios, las hormonas, la piel y varios órganos. Si se trata el clon a tiempo, la "
        "enfermedad puede detenerse y muchas veces gran parte del daño se revierte.",
        "typical_onset": "Suele aparecer en adultos de entre 40 y 60 y tantos años; algo más en hombres que en "
        "mujeres.",
        "image_alt": "Dibujo de una persona con los nervios que bajan desde la columna por las dos piernas hasta "
        "los pies.",
        "overview": "## Qué ocurre en el síndrome POEMS\n\n"
        "El nombre reúne sus rasgos principales: **P**olineuropatía, **O**rganomegalia, **E**ndocrinopatía, un "
        "trastorno **M**onoclonal de células plasmáticas y cambios en la piel (la **S** viene de *skin*, que en "
        "inglés significa piel). No todas las personas tienen los cinco. Otros signos frecuentes son la "
        "hinchazón, el líquido en el abdomen, huesos engrosados que se ven en las pruebas de imagen y un nivel "
        "alto de una proteína de la sangre llamada VEGF.\n\n"
        "## Por qué ocurre\n\n"
        "Un pequeño grupo de células plasmáticas idénticas de la médula ósea crece sin control. Estas células "
        "liberan señales, sobre todo VEGF, que hacen que los vasos sanguíneos dejen escapar líquido y que dañan "
        "los nervios. Suele haber muchas menos células anormales que en el mieloma. Por eso, al principio, la "
        "enfermedad a menudo pasa desapercibida.\n\n"
        "## Cómo se llega al diagnóstico\n\n"
        "El diagnóstico suele tardar. Lo primero que aparece es la polineuropatía, es decir, el daño de los "
        "nervios, y se puede confundir con otras neuropatías.\n\n"
        "![Dibujo de una persona con los nervios que van de la columna a los pies. Las terminaciones de los "
        'nervios en los pies están marcadas y unas flechas suben por las piernas.](image:nerve-diagram "El daño '
        'de los nervios suele empezar en los pies y sube despacio por las piernas.")\n\n'
        "Varias pruebas juntas lo confirman: análisis de "
        "sangre y de orina que detectan la proteína M, el nivel de VEGF, estudios de los nervios, pruebas de "
        "imagen de los huesos y una muestra de médula ósea.\n\n"
        "## Vivir con el síndrome POEMS\n\n"
        "El tratamiento funciona mejor cuando varios equipos comparten la atención. Un análisis de sangre "
        "periódico, la electroforesis de proteínas séricas, muestra si está dando resultado. El dolor de los "
        "nervios se puede aliviar con [gabapentina](medication:gabapentina), y la acumulación de líquido, con "
        "[espironolactona](medication:espironolactona). Lea nuestra [guía sobre la "
        "lenalidomida](article:lenalidomida-para-el-sindrome-poems-mecanismo-beneficios-y-riesgos) para conocer "
        "uno de los tratamientos principales.",
        "treatments": [
            {
                "name": "Melfalán en dosis altas con trasplante autólogo de células madre",
                "description": "Para quienes tienen fuerzas suficientes, es el tratamiento más eficaz y a menudo "
                "logra remisiones largas. Se recogen sus propias células madre y se le devuelven después de una "
                "quimioterapia en dosis altas.",
            },
            {
                "name": "Lenalidomida o bortezomib cuando el trasplante no es posible",
                "description": "Medicamentos dirigidos contra las células plasmáticas anormales, normalmente "
                "junto con dexametasona. Pueden reducir los órganos agrandados y permitir que los nervios se "
                "recuperen poco a poco.",
            },
            {
                "name": "Radioterapia en dosis bajas para plasmocitomas aislados",
                "description": "Cuando las células anormales están en una sola lesión de hueso o en unas pocas, "
                "la radioterapia dirigida a ellas puede controlar la enfermedad por sí sola.",
            },
            {
                "name": "Gabapentina para el dolor de los nervios",
                "description": "Alivia el ardor y los dolores punzantes en los pies y las manos mientras los "
                "nervios se curan.",
            },
            {
                "name": "Levocetirizina para la picazón",
                "description": "Un antihistamínico que puede calmar la picazón de la piel.",
            },
            {
                "name": "Tratamientos cortos con corticosteroides",
                "description": "Se usan durante unos días o semanas para calmar los brotes de inflamación e hinchazón.",
            },
            {
                "name": "Espironolactona para la acumulación de líquido",
                "description": "Un diurético, es decir, una pastilla que hace orinar más. Ayuda a eliminar el "
                "líquido del abdomen y de las piernas sin perder potasio.",
            },
            {
                "name": "Reemplazo hormonal",
                "description": "Hormona tiroidea, testosterona o estrógenos, o medicamentos para la diabetes, "
                "para reponer lo que las glándulas ya no producen.",
            },
            {
                "name": "Electroforesis de proteínas séricas para seguir la proteína M",
                "description": "Un análisis de sangre periódico que mide la proteína anormal y muestra si el "
                "tratamiento está funcionando.",
            },
            {
                "name": "Alimentación equilibrada, ejercicio suave y cuidado de la piel",
                "description": "Mantenerse activo con la ayuda de fisioterapia, comer bien y cuidar la piel le "
                "ayudan a sentirse con más fuerza durante la recuperación.",
            },
        ],
        "care_team": [
            "Trata el trastorno de las células plasmáticas que causa la enfermedad.",
            "Valora el daño de los nervios y sigue su evolución.",
            "Detecta las hormonas que faltan y las repone.",
            "Aconseja sobre los cambios en la piel y la picazón.",
            "Le ayuda a moverse con seguridad mientras los nervios se recuperan.",
        ],
    },
    "polyneuropathy": {
        "slug": "polineuropatia",
        "name": "Polineuropatía",
        "definition": "La parte del síndrome POEMS que daña los nervios y, por lo general, su primera señal.",
        "summary": "La polineuropatía es el daño de muchos nervios a la vez. En el síndrome POEMS empieza en los "
        "pies, con hormigueo, entumecimiento y debilidad, y poco a poco va subiendo.",
    },
    "organomegaly": {
        "slug": "organomegalia",
        "name": "Organomegalia",
        "definition": "Aumento de tamaño del hígado, el bazo o los ganglios linfáticos.",
        "summary": "Organomegalia quiere decir órganos agrandados. En el síndrome POEMS pueden crecer el hígado, "
        "el bazo o los ganglios linfáticos, y se puede acumular líquido en el abdomen o en las piernas.",
    },
    "endocrinopathy": {
        "slug": "endocrinopatia",
        "name": "Endocrinopatía",
        "definition": "Alteración de las hormonas de la tiroides, las glándulas suprarrenales, el páncreas o las "
        "glándulas sexuales.",
        "summary": "La endocrinopatía es un problema de las glándulas que producen hormonas. Puede causar "
        "cansancio, poco deseo sexual, diabetes o una tiroides que funciona menos de lo normal.",
    },
    "monoclonal-plasma-cell-disorder": {
        "slug": "trastorno-monoclonal-de-celulas-plasmaticas",
        "name": "Trastorno monoclonal de células plasmáticas",
        "short_name": "proteína M",
        "also_known_as": "Gammapatía monoclonal\nParaproteinemia",
        "definition": "Un clon de células plasmáticas anormales que produce un solo anticuerpo: es lo que impulsa "
        "el síndrome POEMS y el objetivo del tratamiento.",
        "summary": "Un trastorno monoclonal de células plasmáticas es un grupo de células plasmáticas anormales, "
        "todas iguales, en la médula ósea. Producen un solo anticuerpo, la proteína M, que se puede medir con "
        "análisis de sangre.",
    },
    "poems-skin-changes": {
        "slug": "cambios-en-la-piel-poems",
        "name": "Cambios en la piel en el síndrome POEMS",
        "definition": "Piel más oscura o más gruesa, pequeños bultos rojos, más vello y uñas blancas.",
        "summary": "Muchas personas con síndrome POEMS notan cambios en la piel: piel más oscura, pequeñas "
        "manchas de color rojo cereza llamadas hemangiomas, vello más grueso en el cuerpo o uñas pálidas.",
    },
}


# Generic names are the Spanish INNs.
MEDICATIONS = {
    "lenalidomide": {
        "slug": "lenalidomida",
        "name": "lenalidomida",
        "drug_class": "inmunomodulador",
        "summary": "La lenalidomida es un medicamento en cápsulas que frena las células plasmáticas anormales que "
        "causan el síndrome POEMS y el mieloma. Se usa cuando un trasplante de células madre no es una opción.",
        "body": "La lenalidomida cambia la forma en que actúan el sistema inmunitario y la médula ósea. Frena el "
        "crecimiento de las células plasmáticas anormales y reduce las señales, como el VEGF, que causan muchos "
        "síntomas del [síndrome POEMS](condition:sindrome-poems).\n\n"
        "Suele tomarse en ciclos de 28 días, junto con un corticosteroide como la "
        "[dexametasona](medication:dexametasona).",
        "side_effects": "- Cansancio\n"
        "- Recuentos bajos de células en la sangre, que aumentan el riesgo de infecciones y de hematomas\n"
        "- Diarrea o estreñimiento\n"
        "- Erupción en la piel y picazón\n"
        "- Calambres musculares",
        "warnings": "- **Embarazo:** la lenalidomida puede dañar gravemente al bebé antes de nacer. Todas las "
        "personas que la toman siguen un programa de prevención del embarazo.\n"
        "- **Coágulos de sangre:** aumenta el riesgo de coágulos en las piernas y en los pulmones. La mayoría de "
        "las personas toman además un medicamento para evitar coágulos.\n"
        "- Pida ayuda urgente si tiene dolor en el pecho, falta de aire repentina, una pierna hinchada y "
        "dolorosa, o fiebre.",
        "dosing": "En el síndrome POEMS, una dosis inicial habitual es de 10 a 25 mg una vez al día, los días 1 a "
        "21 de cada ciclo de 28 días. La dosis se reduce si hay problemas de riñón o recuentos bajos en la "
        "sangre. Quien decide la dosis es su especialista en hematología.",
    },
    "bortezomib": {
        "slug": "bortezomib",
        "name": "bortezomib",
        "drug_class": "inhibidor del proteasoma",
        "summary": "El bortezomib es una inyección que hace morir a las células plasmáticas anormales. Bloquea el "
        "sistema que usan para eliminar las proteínas de desecho. Es una opción cuando el trasplante no es "
        "posible.",
        "body": "El bortezomib bloquea el proteasoma, el sistema de eliminación de residuos de la célula. Las "
        "células plasmáticas fabrican grandes cantidades de proteínas y son especialmente sensibles a este "
        "bloqueo.\n\n"
        "El propio bortezomib puede dañar los nervios. Por eso los médicos lo valoran con mucho cuidado en el "
        "síndrome POEMS, en el que el daño de los nervios ya es el problema principal.",
        "side_effects": "- Entumecimiento, hormigueo o dolor en las manos y los pies\n"
        "- Cansancio\n"
        "- Plaquetas bajas\n"
        "- Diarrea\n"
        "- Herpes zóster (normalmente se da un antiviral para prevenirlo)",
        "warnings": "- Avise enseguida a su equipo si empeoran el entumecimiento o el dolor en las manos o los "
        "pies.\n"
        "- Al ponerse de pie puede marearse por la presión arterial baja.",
        "dosing": "Normalmente 1,3 mg por metro cuadrado de superficie corporal, inyectado bajo la piel una o dos "
        "veces por semana, en ciclos. Su especialista en hematología ajusta la dosis si empeoran los síntomas de "
        "los nervios.",
    },
    "melphalan": {
        "slug": "melfalan",
        "name": "melfalán",
        "drug_class": "agente alquilante",
        "summary": "El melfalán es un medicamento de quimioterapia. En dosis altas vacía la médula ósea antes de "
        "un trasplante autólogo de células madre, el tratamiento más eficaz para quienes pueden recibirlo.",
        "body": "El melfalán daña el ADN de las células que se están dividiendo, incluido el clon anormal de "
        "células plasmáticas. Una sola dosis alta elimina gran parte de la médula ósea. Después, la médula se "
        "reconstruye con sus propias células madre, recogidas antes.",
        "side_effects": "- Náuseas o vómitos y falta de apetito\n"
        "- Dolor en la boca\n"
        "- Caída del cabello\n"
        "- Recuentos sanguíneos muy bajos durante una a dos semanas después de una dosis alta",
        "warnings": "- Hay un riesgo alto de infección mientras se recuperan los recuentos sanguíneos: avise "
        "enseguida si tiene fiebre.\n"
        "- Puede afectar a la fertilidad. Antes del tratamiento, pregunte si puede congelar óvulos o "
        "espermatozoides.",
        "dosing": "Antes del trasplante, suele darse una dosis de 140 a 200 mg por metro cuadrado de superficie "
        "corporal, por vía intravenosa (en la vena), en el hospital. La dosis depende de cómo funcionen los "
        "riñones y del estado físico general.",
    },
    "gabapentin": {
        "slug": "gabapentina",
        "name": "gabapentina",
        "drug_class": "gabapentinoide",
        "summary": "La gabapentina alivia el dolor de los nervios, como el ardor, las punzadas o el hormigueo en "
        "los pies y las manos. No trata la causa, pero puede hacer la vida diaria mucho más llevadera.",
        "body": "La gabapentina calma las señales de los nervios cuando están demasiado activas. Se usa mucho "
        "para el dolor neuropático, el que causan los nervios dañados, incluida la "
        "[polineuropatía](condition:polineuropatia) del síndrome POEMS.\n\n"
        "La dosis se sube poco a poco. Hacen falta unas semanas para llegar a la dosis que le funciona a usted.",
        "side_effects": "- Somnolencia y mareo\n- Inestabilidad al moverse\n- Aumento de peso\n- Tobillos hinchados",
        "warnings": "- No la deje de golpe: redúzcala poco a poco con la ayuda de su médico.\n"
        "- Tomarla con opioides o alcohol puede hacer que la respiración se vuelva peligrosamente lenta.\n"
        "- Pida ayuda si tiene pensamientos de hacerse daño; es un efecto raro.",
        "dosing": "A menudo se empieza con 300 mg por la noche y se sube en el curso de días o semanas, hasta "
        "llegar a entre 900 y 3600 mg al día, repartidos en tres tomas. Si los riñones funcionan peor, se usan "
        "dosis más bajas.",
    },
    "levocetirizine": {
        "slug": "levocetirizina",
        "name": "levocetirizina",
        "drug_class": "antihistamínico",
        "summary": "La levocetirizina es un antihistamínico que se toma una vez al día y alivia la picazón y los "
        "síntomas de alergia. Da menos sueño que los antihistamínicos más antiguos.",
        "body": "La levocetirizina bloquea la histamina, una de las señales del cuerpo que producen picazón. "
        "Puede ayudar con la picazón de la piel que notan algunas personas con síndrome POEMS.",
        "side_effects": "- Somnolencia leve\n- Boca seca\n- Dolor de cabeza",
        "warnings": "- Si los riñones funcionan peor, hacen falta dosis más bajas.\n- No conduzca si le da sueño.",
        "dosing": "5 mg una vez al día en adultos.",
    },
    "spironolactone": {
        "slug": "espironolactona",
        "name": "espironolactona",
        "drug_class": "diurético ahorrador de potasio",
        "summary": "La espironolactona es un diurético, una pastilla que hace orinar más. Ayuda al cuerpo a "
        "eliminar el líquido que sobra sin perder potasio. Se usa para la hinchazón y el líquido en el abdomen.",
        "body": "La espironolactona bloquea la aldosterona, una hormona que hace que los riñones retengan sal y "
        "agua. Es adecuada para la acumulación de líquido relacionada con el hígado y afecta menos al nivel de "
        "potasio que la [furosemida](medication:furosemida).",
        "side_effects": "- Orinar más\n- Mareo\n- Dolor o aumento de tamaño de las mamas\n- Menstruaciones irregulares",
        "warnings": "- Puede subir el potasio hasta niveles peligrosos, sobre todo si hay problemas de riñón: "
        "necesitará análisis de sangre.\n"
        "- No tome suplementos de potasio ni sustitutos de la sal, salvo que se lo indiquen.",
        "dosing": "Normalmente de 25 a 100 mg una vez al día, a veces más para el líquido en el abdomen. Se toma "
        "por la mañana para no tener que levantarse por la noche.",
    },
    "furosemide": {
        "slug": "furosemida",
        "name": "furosemida",
        "drug_class": "diurético de asa",
        "summary": "La furosemida es un diurético fuerte y de acción rápida. Se usa para la hinchazón y el "
        "líquido en los pulmones. Puede bajar el potasio.",
        "body": "La furosemida actúa en un asa, una curva de los tubos que filtran la sangre en el riñón. En una "
        "o dos horas hace orinar mucho.",
        "side_effects": "- Orinar mucho\n- Sed y boca seca\n- Mareo\n- Potasio o sodio bajos",
        "warnings": "- Los análisis de sangre controlan sus sales y el funcionamiento de los riñones.\n"
        "- Pida ayuda si tiene un mareo fuerte, confusión o debilidad en los músculos.",
        "dosing": "Habitualmente de 20 a 80 mg por la mañana; las dosis más altas se reparten en varias tomas. Su "
        "médico la ajusta según su peso y la hinchazón.",
    },
    "dexamethasone": {
        "slug": "dexametasona",
        "name": "dexametasona",
        "drug_class": "corticosteroide",
        "summary": "La dexametasona es un medicamento esteroide potente. Los tratamientos cortos calman la "
        "inflamación y ayudan a que otros, como la lenalidomida, actúen contra las células plasmáticas anormales.",
        "body": "La dexametasona imita al cortisol, una hormona natural, pero con mucha más fuerza. Reduce la "
        "inflamación y, por sí sola, destruye algunas células plasmáticas anormales.",
        "side_effects": "- Dificultad para dormir\n- Cambios de humor\n- Subida del azúcar en la sangre\n- Más apetito",
        "warnings": "- No deje de golpe un tratamiento largo.\n"
        "- Puede ocultar los signos de una infección; avise si tiene fiebre.\n"
        "- Las personas con diabetes pueden necesitar medirse el azúcar en la sangre más a menudo.",
        "dosing": "Con la lenalidomida, a menudo de 20 a 40 mg una vez por semana. Los tratamientos cortos para "
        "los brotes varían. Tómela por la mañana, con comida.",
    },
}


# Two guides: the lenalidomide guide (content.LENALIDOMIDE_GUIDE) and self-care.
ARTICLES = {
    "lenalidomide-for-poems-syndrome-mechanism-benefits-and-risks": {
        "slug": "lenalidomida-para-el-sindrome-poems-mecanismo-beneficios-y-riesgos",
        "title": "Lenalidomida para el síndrome POEMS: mecanismo, beneficios y riesgos",
        "summary": "Cómo actúa la lenalidomida contra el clon de células plasmáticas en el síndrome POEMS, qué "
        "beneficios cabe esperar, qué efectos secundarios hay que vigilar y cómo se compara con otros "
        "tratamientos.",
        "image_alt": "Una línea de tiempo de un ciclo de lenalidomida de 28 días: 21 días con una cápsula y "
        "después 7 días sin tomarla.",
        "body": "## Cómo actúa la lenalidomida\n\n"
        "La [lenalidomida](medication:lenalidomida) pertenece a una familia de medicamentos llamados "
        "inmunomoduladores. Frena las células plasmáticas anormales que están en el origen del [síndrome "
        "POEMS](condition:sindrome-poems). También reduce el VEGF, la señal que hace que los vasos sanguíneos "
        "dejen escapar líquido y que los nervios sufran.\n\n"
        "## Para quién es\n\n"
        "Se usa sobre todo cuando un trasplante de células madre no es adecuado, por ejemplo por la edad, por "
        "otras enfermedades o por una debilidad intensa. También se usa cuando la enfermedad vuelve después de un "
        "trasplante.\n\n"
        "## Qué beneficios cabe esperar\n\n"
        "- El nivel de VEGF suele bajar en pocos meses.\n"
        "- La hinchazón y el líquido suelen mejorar primero.\n"
        "- Los nervios se recuperan despacio, a lo largo de uno a dos años. La fuerza suele volver antes que la "
        "sensibilidad.\n\n"
        "## Cómo se toma\n\n"
        "La lenalidomida se presenta en cápsulas. Se toma una vez al día durante 21 días y después se descansa "
        "7 días. Cada bloque de 28 días se llama ciclo.\n\n"
        "![Una línea de tiempo de 28 días: una cápsula cada día del 1 al 21, ninguna del 22 al 28, y después "
        'empieza el ciclo siguiente.](image:lenalidomide-cycle "Un ciclo de lenalidomida de 28 días.")\n\n'
        "## Riesgos y cómo se controlan\n\n"
        "| Riesgo | Qué hace su equipo |\n"
        "| --- | --- |\n"
        "| Coágulos de sangre | Un medicamento para evitar coágulos, como la aspirina o un anticoagulante |\n"
        "| Recuentos bajos en la sangre | Análisis de sangre periódicos y cambios de dosis |\n"
        "| Daño al bebé antes de nacer | Un programa estricto de prevención del embarazo |\n\n"
        "Suele tomarse con [dexametasona](medication:dexametasona), que tiene sus propios efectos secundarios, "
        "como dormir mal y el azúcar alto en la sangre.\n\n"
        "## Cómo se compara\n\n"
        "Comparada con el [bortezomib](medication:bortezomib), la lenalidomida rara vez empeora el daño de los "
        "nervios. Esto importa en una enfermedad en la que los nervios ya están dañados. Un trasplante con "
        "[melfalán](medication:melfalan) logra remisiones más largas en las personas que pueden recibirlo.",
    },
    "self-care-with-poems-syndrome": {
        "slug": "cuidarse-con-sindrome-poems",
        "title": "Cuidarse con síndrome POEMS: piel, movimiento y energía en el día a día",
        "summary": "Pequeños hábitos diarios que protegen los pies entumecidos, calman la piel y le ayudan a "
        "llevar el cansancio mientras el tratamiento hace efecto.",
        "body": "## Cuide sus pies\n\n"
        "Los pies entumecidos no notan las heridas. Revíselos cada día, use zapatos que le queden bien y "
        "compruebe con el codo la temperatura del agua del baño.\n\n"
        "## Siga en movimiento\n\n"
        "Un ejercicio suave y regular, con un plan de su fisioterapeuta, mantiene fuertes los músculos y ayuda al "
        "equilibrio. Los paseos cortos también cuentan.\n\n"
        "## Cuide su piel\n\n"
        "Use cremas hidratantes sin perfume y agua tibia. Cuéntele a su equipo si tiene picazón: medicamentos "
        "como la [levocetirizina](medication:levocetirizina) pueden ayudar.\n\n"
        "## Reparta su energía\n\n"
        "Planifique el día con descansos entre una tarea y otra, y haga comidas equilibradas a horas regulares.",
    },
}


# The glossary, each term with its Spanish synonyms one per line.
TERMS = {
    "polyneuropathy": {
        "slug": "polineuropatia",
        "term": "polineuropatía",
        "definition": "Daño en muchos nervios a la vez, que a menudo se nota como hormigueo, entumecimiento o "
        "debilidad en los pies y las manos.",
        "synonyms": "neuropatía periférica",
        "explanation": "Los nervios largos que llegan a los pies suelen dañarse primero. Por eso los síntomas "
        "empiezan en los dedos de los pies y van subiendo por las piernas. En el síndrome POEMS, a menudo es el "
        "primer problema que se nota.",
    },
    "organomegaly": {
        "slug": "organomegalia",
        "term": "organomegalia",
        "definition": "Órganos que han crecido más de lo normal, como el hígado, el bazo o los ganglios linfáticos.",
        "synonyms": "órganos agrandados",
        "explanation": "El médico puede notar el órgano agrandado durante un examen médico, o verlo en una prueba "
        "de imagen. A menudo vuelve a reducirse con el tratamiento.",
    },
    "endocrinopathy": {
        "slug": "endocrinopatia",
        "term": "endocrinopatía",
        "definition": "Un problema de las glándulas que producen hormonas, como la tiroides o las glándulas "
        "suprarrenales.",
        "synonyms": "problema hormonal",
        "explanation": "Las hormonas llevan mensajes por todo el cuerpo. Cuando una glándula produce menos "
        "hormona de la necesaria, usted puede notar cansancio, frío o el ánimo bajo, y unas pastillas pueden "
        "reponer la hormona que falta.",
    },
    "monoclonal-gammopathy": {
        "slug": "gammapatia-monoclonal",
        "term": "gammapatía monoclonal",
        "definition": "Un grupo de células plasmáticas idénticas que produce demasiada cantidad de un mismo "
        "anticuerpo, algo que se ve en los análisis de sangre.",
        "synonyms": "trastorno monoclonal de células plasmáticas\nparaproteinemia",
        "explanation": "En el síndrome POEMS, este pequeño grupo de células es lo que impulsa toda la enfermedad. "
        "El tratamiento busca detenerlo.",
    },
    "m-protein": {
        "slug": "proteina-m",
        "term": "proteína M",
        "definition": "El único tipo de anticuerpo que produce un grupo de células plasmáticas idénticas; se mide "
        "con análisis de sangre.",
        "synonyms": "proteína monoclonal\nparaproteína",
        "explanation": "La cantidad de proteína M ayuda a los médicos a ver si el tratamiento funciona. En el "
        "síndrome POEMS, la cantidad suele ser muy pequeña.",
    },
    "plasma-cell": {
        "slug": "celula-plasmatica",
        "term": "célula plasmática",
        "definition": "Un glóbulo blanco de la médula ósea que produce anticuerpos para combatir las infecciones.",
        "synonyms": "",
        "explanation": "Cada célula plasmática sana produce un anticuerpo distinto. Cuando una de ellas se copia "
        "una y otra vez, todas las copias producen el mismo anticuerpo.",
    },
    "plasmacytoma": {
        "slug": "plasmocitoma",
        "term": "plasmocitoma",
        "definition": "Un bulto formado por células plasmáticas anormales, normalmente en un hueso.",
        "synonyms": "",
        "explanation": "Cuando solo hay uno o unos pocos de estos bultos, la radioterapia dirigida a ellos puede "
        "ser tratamiento suficiente.",
    },
    "vegf": {
        "slug": "vegf",
        "term": "VEGF",
        "definition": "Una señal de la sangre que hace que los vasos sanguíneos crezcan y dejen escapar líquido; "
        "está alta en el síndrome POEMS.",
        "synonyms": "factor de crecimiento del endotelio vascular",
        "explanation": "Un nivel alto ayuda a los médicos a confirmar el síndrome POEMS. El nivel suele bajar "
        "cuando el tratamiento funciona.",
    },
    "serum-protein-electrophoresis": {
        "slug": "electroforesis-de-proteinas-sericas",
        "term": "electroforesis de proteínas séricas",
        "definition": "Un análisis de sangre que separa las proteínas de la sangre y muestra una proteína M, si "
        "la hay.",
        "synonyms": "proteinograma\nelectroforesis de proteínas",
        "explanation": "Se hace en el momento del diagnóstico y después cada pocos meses, para seguir la proteína M.",
    },
    "autologous-stem-cell-transplant": {
        "slug": "trasplante-autologo-de-celulas-madre",
        "term": "trasplante autólogo de células madre",
        "definition": "Un tratamiento en el que se recogen sus propias células madre y se le devuelven después de "
        "una quimioterapia fuerte.",
        "synonyms": "trasplante de células madre\ntrasplante autólogo",
        "explanation": "Como las células son suyas, su cuerpo no las rechaza. Las nuevas células reconstruyen su "
        "médula ósea en unas semanas.",
    },
    "bone-marrow": {
        "slug": "medula-osea",
        "term": "médula ósea",
        "definition": "El tejido blando del interior de los huesos, donde se forman las células de la sangre.",
        "synonyms": "",
        "explanation": "",
    },
    "remission": {
        "slug": "remision",
        "term": "remisión",
        "definition": "Un periodo en el que una enfermedad está bajo control y sus signos han desaparecido o se "
        "han reducido mucho.",
        "synonyms": "",
        "explanation": "",
    },
    "diuretic": {
        "slug": "diuretico",
        "term": "diurético",
        "definition": "Un medicamento que hace orinar más para eliminar el líquido que sobra; también se le llama "
        "pastilla para orinar.",
        "synonyms": "pastilla para orinar",
        "explanation": "",
    },
}

# Respuestas de pacientes a «¿Le ha resultado útil esta página?» en la página del síndrome.
FEEDBACK = [
    (True, "", ""),
    (False, "out_of_date", "Las guías que cita son de hace años."),
]
