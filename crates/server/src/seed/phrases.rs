//! Phrase banks for the demo conversations: travel bookings, flight changes, refunds, hotel and
//! baggage questions, in six languages. Placeholders: {name} (contact's first name, dropped with
//! its comma or space when the contact has none), {agent}, {ref}, {city}, {date}, {amount},
//! {flight}, {hotel}, {colleague}.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Topic {
    Booking,
    FlightChange,
    Refund,
    Hotel,
    Baggage,
}

impl Topic {
    pub fn index(self) -> usize {
        self as usize
    }
}

pub struct TopicText {
    pub openers: &'static [&'static str],
    pub details: &'static [&'static str],
    pub replies: &'static [&'static str],
}

pub struct Lang {
    pub code: &'static str,
    pub weight: u32,
    pub first_names: &'static [&'static str],
    pub last_names: &'static [&'static str],
    pub phone_prefixes: &'static [&'static str],
    pub months: [&'static str; 12],
    /// How a day and month read: `{d}` and `{m}`.
    pub date_pattern: &'static str,
    pub euro_first: bool,
    /// Indexed by [`Topic::index`].
    pub topics: [TopicText; 5],
    pub greetings: &'static [&'static str],
    pub customer_followups: &'static [&'static str],
    pub agent_followups: &'static [&'static str],
    pub nudges: &'static [&'static str],
    pub thanks: &'static [&'static str],
    pub closings: &'static [&'static str],
    pub reopeners: &'static [&'static str],
}

pub const CITIES: &[&str] = &[
    "Barcelona",
    "Madrid",
    "Berlin",
    "Paris",
    "Porto",
    "Amsterdam",
    "Dubrovnik",
    "Marrakech",
    "Santorini",
    "Mallorca",
    "Tenerife",
    "Malta",
    "Budapest",
    "Cancún",
    "Bali",
    "Istanbul",
];

pub const HOTELS: &[&str] = &[
    "Hotel Miramar",
    "Grand Hotel Europa",
    "Hotel Bella Vista",
    "Casa Alegría",
    "Seaside Suites",
    "Hotel Sol y Mar",
    "Park Inn Riverside",
    "Hotel Central Plaza",
    "Villa Aurora",
    "Harbour View Hotel",
];

pub const FLIGHTS: &[&str] = &[
    "IB 3146", "LH 1172", "AF 1029", "TP 1351", "AZ 611", "BA 2490", "FR 8143", "VY 7821",
    "U2 4410", "KL 1676", "EW 9582", "TK 1858",
];

/// Internal notes, written in English whatever the customer's language.
pub const NOTES: &[&str] = &[
    "Checked with the airline: the change is possible, fee waived for Gold members.",
    "Repeat traveller, offer the 10% loyalty voucher if they hesitate.",
    "Refund approved in the back office for {ref}.",
    "Waiting for the hotel to confirm early check-in.",
    "@{colleague} can you double-check the fare difference? It looks too high.",
    "Called the customer, no answer. Will try again tomorrow morning.",
    "Escalated to the airline's group desk, they answer within 48h.",
    "Baggage claim filed; the customer sent the file number by e-mail.",
    "Sent the e-tickets manually, the automatic e-mail bounced.",
    "Careful: the customer already complained about a delay on the outbound flight.",
    "@{colleague} this one is for you when you're back, it's your booking.",
    "Price match approved by Maya, go ahead with {amount}.",
];

pub const SMS_FAILURES: &[&str] = &[
    "30003 Unreachable destination handset",
    "30005 Unknown destination handset",
    "30006 Landline or unreachable carrier",
    "30007 Message filtered by the carrier",
];

pub const WHATSAPP_FAILURES: &[&str] = &[
    "131026 Message undeliverable: the recipient cannot receive WhatsApp messages",
    "131049 Not delivered to maintain healthy ecosystem engagement",
];

pub const WHATSAPP_WINDOW_FAILURE: &str =
    "63016 Outside the 24-hour window: only approved templates can be sent";

pub const TELEGRAM_FAILURES: &[&str] = &[
    "403 Forbidden: bot was blocked by the user",
    "400 Bad Request: chat not found",
];

pub static LANGS: [Lang; 6] = [
    Lang {
        code: "en",
        weight: 34,
        first_names: &[
            "Emma", "Oliver", "Charlotte", "James", "Amelia", "Harry", "Sophie", "Jack", "Grace",
            "Daniel", "Chloe", "Ethan", "Hannah", "Ryan",
        ],
        last_names: &[
            "Smith", "Johnson", "Brown", "Taylor", "Wilson", "Davies", "Evans", "Thomas",
            "Roberts", "Walker", "Clarke", "Hughes", "Murphy", "Carter",
        ],
        phone_prefixes: &["+44770", "+44791", "+1202", "+1646", "+1312"],
        months: [
            "January", "February", "March", "April", "May", "June", "July", "August", "September",
            "October", "November", "December",
        ],
        date_pattern: "{d} {m}",
        euro_first: true,
        topics: [
            TopicText {
                openers: &[
                    "Hi, I'd like to book a trip to {city} for two adults from {date}. What options do you have?",
                    "Hi there, we're looking at a long weekend in {city}, flights and hotel, around {date}. Budget about {amount}.",
                    "Hello! Do you still have packages to {city} in early {month}?",
                ],
                details: &[
                    "We'd prefer a direct flight and a hotel close to the centre.",
                    "It's for me and my partner, plus our daughter who is 7.",
                ],
                replies: &[
                    "I found a package to {city} from {date}: direct flights and 4 nights at the {hotel} for {amount} in total. Shall I hold it for you?",
                    "Great choice! I have two options in {city}: a city-centre hotel or a quieter one by the sea, both with breakfast. Which sounds better?",
                ],
            },
            TopicText {
                openers: &[
                    "Hi, I need to change my flight {flight} on {date}. Booking reference {ref}.",
                    "Hello, my meeting moved and I have to fly back a day earlier. Can you change booking {ref}?",
                ],
                details: &[
                    "Any time in the afternoon works for me.",
                    "If possible I'd like to keep an aisle seat.",
                ],
                replies: &[
                    "I can move you to the same route on {date} at 16:40. The change fee is {amount}. Shall I go ahead?",
                    "I've checked booking {ref}: there's a seat on the earlier flight {flight}. The fare difference is {amount}.",
                ],
            },
            TopicText {
                openers: &[
                    "Hello, I cancelled booking {ref} two weeks ago and still haven't received my refund.",
                    "Hi, my flight {flight} was cancelled by the airline. How do I get my money back?",
                ],
                details: &[
                    "The amount was {amount}, paid by credit card.",
                    "I have the cancellation e-mail if you need it.",
                ],
                replies: &[
                    "Sorry for the wait. The refund of {amount} for {ref} is approved; it usually takes 5–10 business days to show on your card.",
                    "As the airline cancelled, you're entitled to a full refund. I've requested the {amount}; you'll get a confirmation by e-mail.",
                ],
            },
            TopicText {
                openers: &[
                    "Hi, does the {hotel} in {city} have parking? We arrive on {date}.",
                    "Hello, can we check in early at the {hotel}? Our flight lands at 7 am.",
                ],
                details: &[
                    "We'll have a rental car.",
                    "We're travelling with a baby, is a cot available?",
                ],
                replies: &[
                    "The {hotel} has an underground car park at €18 a night; I can reserve a space for you.",
                    "I've asked the {hotel} for early check-in on {date}. It isn't guaranteed, but they'll keep your luggage either way.",
                ],
            },
            TopicText {
                openers: &[
                    "Hi, my suitcase didn't arrive in {city}. Flight {flight}, booking {ref}.",
                    "Hello, how much checked baggage is included in booking {ref}?",
                ],
                details: &[
                    "It's a blue hard-shell suitcase with a yellow strap.",
                    "I'd like to add a second bag if possible.",
                ],
                replies: &[
                    "I'm sorry to hear that. Please file a report at the baggage desk in {city} and send me the file number; I'll follow up with the airline.",
                    "Your fare includes one 23 kg checked bag per person. A second bag costs {amount} if you add it now.",
                ],
            },
        ],
        greetings: &[
            "Hi {name}, this is {agent} from Acme Travel.",
            "Hello {name}! {agent} here, happy to help.",
        ],
        customer_followups: &[
            "Perfect, thank you. What happens next?",
            "Could you send me the details by e-mail as well?",
            "Is there anything cheaper?",
            "OK, please go ahead.",
            "Sorry, just to confirm: is breakfast included?",
        ],
        agent_followups: &[
            "Done! You'll receive the confirmation by e-mail within a few minutes.",
            "Let me check that with the airline, I'll get back to you shortly.",
            "I've sent the details to your e-mail address. Anything else I can do?",
            "Good news: it's confirmed. Your reference is still {ref}.",
        ],
        nudges: &["Hello? Is anyone there?", "Any update on this, please?"],
        thanks: &["Thanks a lot, that's all I needed!", "Great, thank you for your help."],
        closings: &[
            "You're welcome, {name}! Have a wonderful trip.",
            "Happy to help. Safe travels!",
        ],
        reopeners: &[
            "Sorry, one more question about {ref}.",
            "Hi again, something came up with my booking.",
        ],
    },
    Lang {
        code: "es",
        weight: 16,
        first_names: &[
            "Lucía", "Mateo", "Sofía", "Hugo", "Martina", "Pablo", "Carmen", "Javier", "Valeria",
            "Diego", "Elena", "Alejandro",
        ],
        last_names: &[
            "García", "Martínez", "López", "Sánchez", "Romero", "Navarro", "Torres", "Ruiz",
            "Castillo", "Ortega", "Delgado", "Morales",
        ],
        phone_prefixes: &["+3461", "+3465", "+3469", "+52155"],
        months: [
            "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
            "septiembre", "octubre", "noviembre", "diciembre",
        ],
        date_pattern: "{d} de {m}",
        euro_first: false,
        topics: [
            TopicText {
                openers: &[
                    "Hola, quisiera reservar un viaje a {city} para dos adultos a partir del {date}. ¿Qué opciones tienen?",
                    "Buenas, estamos pensando en un fin de semana largo en {city}, vuelo y hotel, sobre el {date}. Presupuesto de unos {amount}.",
                ],
                details: &[
                    "Preferimos vuelo directo y un hotel cerca del centro.",
                    "Somos mi pareja y yo, y nuestra hija de 7 años.",
                ],
                replies: &[
                    "He encontrado un paquete a {city} desde el {date}: vuelos directos y 4 noches en el {hotel} por {amount} en total. ¿Se lo reservo?",
                    "¡Buena elección! Tengo dos opciones en {city}: un hotel en el centro u otro más tranquilo junto al mar, ambos con desayuno. ¿Cuál prefiere?",
                ],
            },
            TopicText {
                openers: &[
                    "Hola, necesito cambiar mi vuelo {flight} del {date}. Localizador {ref}.",
                    "Buenas, me han movido una reunión y tengo que volver un día antes. ¿Pueden modificar la reserva {ref}?",
                ],
                details: &[
                    "Cualquier hora por la tarde me viene bien.",
                    "Si es posible, me gustaría mantener el asiento de pasillo.",
                ],
                replies: &[
                    "Puedo pasarle al mismo trayecto el {date} a las 16:40. El cambio cuesta {amount}. ¿Lo confirmo?",
                    "He revisado la reserva {ref}: hay plaza en el vuelo anterior, {flight}. La diferencia de tarifa es de {amount}.",
                ],
            },
            TopicText {
                openers: &[
                    "Hola, cancelé la reserva {ref} hace dos semanas y todavía no he recibido el reembolso.",
                    "Buenas, la aerolínea canceló mi vuelo {flight}. ¿Cómo recupero mi dinero?",
                ],
                details: &[
                    "El importe fue de {amount}, pagado con tarjeta de crédito.",
                    "Tengo el correo de cancelación por si lo necesitan.",
                ],
                replies: &[
                    "Disculpe la espera. El reembolso de {amount} de la reserva {ref} está aprobado; suele tardar entre 5 y 10 días hábiles en aparecer en su tarjeta.",
                    "Como la cancelación fue de la aerolínea, tiene derecho al reembolso completo. Ya he solicitado los {amount}; recibirá la confirmación por correo.",
                ],
            },
            TopicText {
                openers: &[
                    "Hola, ¿el {hotel} de {city} tiene aparcamiento? Llegamos el {date}.",
                    "Buenas, ¿podemos hacer el check-in temprano en el {hotel}? Nuestro vuelo aterriza a las 7 de la mañana.",
                ],
                details: &[
                    "Vamos con coche de alquiler.",
                    "Viajamos con un bebé, ¿tienen cuna?",
                ],
                replies: &[
                    "El {hotel} tiene parking subterráneo a 18 € la noche; puedo reservarle una plaza.",
                    "He pedido al {hotel} la entrada anticipada para el {date}. No está garantizada, pero le guardarán el equipaje en cualquier caso.",
                ],
            },
            TopicText {
                openers: &[
                    "Hola, mi maleta no ha llegado a {city}. Vuelo {flight}, reserva {ref}.",
                    "Buenas, ¿cuánto equipaje facturado incluye la reserva {ref}?",
                ],
                details: &[
                    "Es una maleta rígida azul con una cinta amarilla.",
                    "Me gustaría añadir una segunda maleta si es posible.",
                ],
                replies: &[
                    "Lamento lo ocurrido. Presente una reclamación en el mostrador de equipajes de {city} y envíeme el número de expediente; yo haré el seguimiento con la aerolínea.",
                    "Su tarifa incluye una maleta facturada de 23 kg por persona. Una segunda maleta cuesta {amount} si la añade ahora.",
                ],
            },
        ],
        greetings: &[
            "Hola {name}, soy {agent} de Acme Travel.",
            "¡Buenas {name}! Le atiende {agent}.",
        ],
        customer_followups: &[
            "Perfecto, gracias. ¿Y ahora qué pasa?",
            "¿Me lo pueden mandar también por correo?",
            "¿Hay algo más barato?",
            "Vale, adelante por favor.",
        ],
        agent_followups: &[
            "¡Hecho! Recibirá la confirmación por correo en unos minutos.",
            "Lo consulto con la aerolínea y le digo algo enseguida.",
            "Le he enviado los detalles a su correo. ¿Puedo ayudarle en algo más?",
            "Buenas noticias: está confirmado. Su localizador sigue siendo {ref}.",
        ],
        nudges: &["¿Hola? ¿Hay alguien?", "¿Alguna novedad, por favor?"],
        thanks: &["¡Muchas gracias, eso era todo!", "Genial, gracias por la ayuda."],
        closings: &[
            "¡De nada, {name}! Que tenga un viaje estupendo.",
            "Encantados de ayudar. ¡Buen viaje!",
        ],
        reopeners: &[
            "Perdone, una pregunta más sobre la reserva {ref}.",
            "Hola de nuevo, ha surgido algo con mi reserva.",
        ],
    },
    Lang {
        code: "de",
        weight: 14,
        first_names: &[
            "Lena", "Jonas", "Mia", "Felix", "Hannah", "Lukas", "Clara", "Maximilian", "Emilia",
            "Paul", "Johanna", "Tim",
        ],
        last_names: &[
            "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Wagner", "Becker", "Hoffmann",
            "Schäfer", "Koch", "Richter", "Klein",
        ],
        phone_prefixes: &["+49151", "+49160", "+49170", "+43664"],
        months: [
            "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
            "Oktober", "November", "Dezember",
        ],
        date_pattern: "{d}. {m}",
        euro_first: false,
        topics: [
            TopicText {
                openers: &[
                    "Hallo, ich möchte eine Reise nach {city} für zwei Erwachsene ab dem {date} buchen. Welche Angebote haben Sie?",
                    "Guten Tag, wir planen ein verlängertes Wochenende in {city}, Flug und Hotel, um den {date}. Budget etwa {amount}.",
                ],
                details: &[
                    "Am liebsten ein Direktflug und ein Hotel im Zentrum.",
                    "Wir sind zu zweit, plus unsere Tochter (7 Jahre).",
                ],
                replies: &[
                    "Ich habe ein Paket nach {city} ab dem {date} gefunden: Direktflüge und 4 Nächte im {hotel} für insgesamt {amount}. Soll ich es für Sie reservieren?",
                    "Gute Wahl! Für {city} habe ich zwei Optionen: ein Hotel in der Innenstadt oder ein ruhigeres am Meer, beide mit Frühstück. Was ist Ihnen lieber?",
                ],
            },
            TopicText {
                openers: &[
                    "Hallo, ich muss meinen Flug {flight} am {date} umbuchen. Buchungsnummer {ref}.",
                    "Guten Tag, mein Termin wurde verschoben und ich muss einen Tag früher zurückfliegen. Können Sie die Buchung {ref} ändern?",
                ],
                details: &[
                    "Irgendwann am Nachmittag wäre ideal.",
                    "Wenn möglich hätte ich gern wieder einen Gangplatz.",
                ],
                replies: &[
                    "Ich kann Sie auf dieselbe Strecke am {date} um 16:40 Uhr umbuchen. Die Umbuchungsgebühr beträgt {amount}. Soll ich das machen?",
                    "Ich habe die Buchung {ref} geprüft: Im früheren Flug {flight} ist noch ein Platz frei. Der Tarifunterschied beträgt {amount}.",
                ],
            },
            TopicText {
                openers: &[
                    "Hallo, ich habe die Buchung {ref} vor zwei Wochen storniert und noch keine Erstattung erhalten.",
                    "Guten Tag, mein Flug {flight} wurde von der Airline gestrichen. Wie bekomme ich mein Geld zurück?",
                ],
                details: &[
                    "Der Betrag war {amount}, bezahlt mit Kreditkarte.",
                    "Ich habe die Stornierungsmail, falls Sie sie brauchen.",
                ],
                replies: &[
                    "Entschuldigen Sie die Wartezeit. Die Erstattung von {amount} für {ref} ist genehmigt; es dauert meist 5–10 Werktage, bis sie auf Ihrer Karte erscheint.",
                    "Da die Airline storniert hat, steht Ihnen die volle Erstattung zu. Ich habe {amount} beantragt, Sie erhalten eine Bestätigung per E-Mail.",
                ],
            },
            TopicText {
                openers: &[
                    "Hallo, hat das {hotel} in {city} einen Parkplatz? Wir kommen am {date} an.",
                    "Guten Tag, können wir im {hotel} früher einchecken? Unser Flug landet um 7 Uhr morgens.",
                ],
                details: &[
                    "Wir haben einen Mietwagen.",
                    "Wir reisen mit einem Baby, gibt es ein Kinderbett?",
                ],
                replies: &[
                    "Das {hotel} hat eine Tiefgarage für 18 € pro Nacht; ich kann Ihnen einen Platz reservieren.",
                    "Ich habe beim {hotel} einen frühen Check-in für den {date} angefragt. Garantiert ist er nicht, aber das Gepäck wird auf jeden Fall aufbewahrt.",
                ],
            },
            TopicText {
                openers: &[
                    "Hallo, mein Koffer ist in {city} nicht angekommen. Flug {flight}, Buchung {ref}.",
                    "Guten Tag, wie viel Aufgabegepäck ist in der Buchung {ref} enthalten?",
                ],
                details: &[
                    "Es ist ein blauer Hartschalenkoffer mit gelbem Gurt.",
                    "Ich würde gern ein zweites Gepäckstück dazubuchen.",
                ],
                replies: &[
                    "Das tut mir leid. Bitte melden Sie den Verlust am Gepäckschalter in {city} und schicken Sie mir die Vorgangsnummer, ich kümmere mich dann bei der Airline darum.",
                    "In Ihrem Tarif ist ein Koffer mit 23 kg pro Person enthalten. Ein zweites Gepäckstück kostet jetzt {amount}.",
                ],
            },
        ],
        greetings: &[
            "Hallo {name}, hier ist {agent} von Acme Travel.",
            "Guten Tag {name}! {agent} hier, ich helfe Ihnen gern.",
        ],
        customer_followups: &[
            "Perfekt, danke. Wie geht es jetzt weiter?",
            "Können Sie mir das auch per E-Mail schicken?",
            "Gibt es etwas Günstigeres?",
            "Okay, bitte so machen.",
        ],
        agent_followups: &[
            "Erledigt! Die Bestätigung kommt in wenigen Minuten per E-Mail.",
            "Ich kläre das mit der Airline und melde mich gleich wieder.",
            "Ich habe Ihnen die Details per E-Mail geschickt. Kann ich sonst noch etwas tun?",
            "Gute Nachrichten: Es ist bestätigt. Ihre Buchungsnummer bleibt {ref}.",
        ],
        nudges: &["Hallo? Ist da jemand?", "Gibt es schon etwas Neues?"],
        thanks: &["Vielen Dank, das war alles!", "Super, danke für die Hilfe."],
        closings: &["Gern geschehen, {name}! Gute Reise.", "Immer gern. Kommen Sie gut an!"],
        reopeners: &[
            "Entschuldigung, noch eine Frage zur Buchung {ref}.",
            "Hallo nochmal, es gibt ein Problem mit meiner Buchung.",
        ],
    },
    Lang {
        code: "fr",
        weight: 13,
        first_names: &[
            "Camille", "Louis", "Léa", "Gabriel", "Manon", "Arthur", "Chloé", "Jules", "Inès",
            "Hugo", "Juliette", "Nathan",
        ],
        last_names: &[
            "Martin", "Bernard", "Dubois", "Durand", "Lefebvre", "Moreau", "Laurent", "Girard",
            "Fournier", "Mercier", "Lambert", "Rousseau",
        ],
        phone_prefixes: &["+3361", "+3367", "+3375", "+3247"],
        months: [
            "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
            "octobre", "novembre", "décembre",
        ],
        date_pattern: "{d} {m}",
        euro_first: false,
        topics: [
            TopicText {
                openers: &[
                    "Bonjour, je voudrais réserver un voyage à {city} pour deux adultes à partir du {date}. Quelles sont vos offres ?",
                    "Bonjour, nous cherchons un long week-end à {city}, vol + hôtel, vers le {date}. Budget d'environ {amount}.",
                ],
                details: &[
                    "Nous préférons un vol direct et un hôtel proche du centre.",
                    "C'est pour mon conjoint et moi, et notre fille de 7 ans.",
                ],
                replies: &[
                    "J'ai trouvé un forfait pour {city} à partir du {date} : vols directs et 4 nuits au {hotel} pour {amount} au total. Je vous le réserve ?",
                    "Excellent choix ! J'ai deux options à {city} : un hôtel en centre-ville ou un autre plus calme en bord de mer, petit-déjeuner inclus. Lequel vous tente ?",
                ],
            },
            TopicText {
                openers: &[
                    "Bonjour, je dois modifier mon vol {flight} du {date}. Référence de réservation {ref}.",
                    "Bonjour, ma réunion a été déplacée et je dois rentrer un jour plus tôt. Pouvez-vous modifier la réservation {ref} ?",
                ],
                details: &[
                    "N'importe quelle heure l'après-midi me convient.",
                    "Si possible, j'aimerais garder un siège côté couloir.",
                ],
                replies: &[
                    "Je peux vous placer sur le même trajet le {date} à 16h40. Les frais de modification sont de {amount}. Je confirme ?",
                    "J'ai vérifié la réservation {ref} : il reste une place sur le vol précédent, {flight}. La différence de tarif est de {amount}.",
                ],
            },
            TopicText {
                openers: &[
                    "Bonjour, j'ai annulé la réservation {ref} il y a deux semaines et je n'ai toujours pas été remboursé.",
                    "Bonjour, la compagnie a annulé mon vol {flight}. Comment puis-je être remboursé ?",
                ],
                details: &[
                    "Le montant était de {amount}, payé par carte bancaire.",
                    "J'ai l'e-mail d'annulation si besoin.",
                ],
                replies: &[
                    "Désolé pour l'attente. Le remboursement de {amount} pour {ref} est validé ; il faut généralement 5 à 10 jours ouvrés pour qu'il apparaisse sur votre carte.",
                    "Comme c'est la compagnie qui a annulé, vous avez droit à un remboursement intégral. J'ai fait la demande de {amount}, vous recevrez une confirmation par e-mail.",
                ],
            },
            TopicText {
                openers: &[
                    "Bonjour, est-ce que le {hotel} à {city} a un parking ? Nous arrivons le {date}.",
                    "Bonjour, pouvons-nous arriver tôt au {hotel} ? Notre vol atterrit à 7h.",
                ],
                details: &[
                    "Nous aurons une voiture de location.",
                    "Nous voyageons avec un bébé, y a-t-il un lit parapluie ?",
                ],
                replies: &[
                    "Le {hotel} dispose d'un parking souterrain à 18 € la nuit ; je peux vous réserver une place.",
                    "J'ai demandé au {hotel} une arrivée anticipée le {date}. Ce n'est pas garanti, mais ils garderont vos bagages dans tous les cas.",
                ],
            },
            TopicText {
                openers: &[
                    "Bonjour, ma valise n'est pas arrivée à {city}. Vol {flight}, réservation {ref}.",
                    "Bonjour, combien de bagages en soute sont inclus dans la réservation {ref} ?",
                ],
                details: &[
                    "C'est une valise rigide bleue avec une sangle jaune.",
                    "J'aimerais ajouter un deuxième bagage si possible.",
                ],
                replies: &[
                    "Je suis désolé. Merci de faire une déclaration au comptoir bagages de {city} et de m'envoyer le numéro de dossier : je relancerai la compagnie.",
                    "Votre tarif comprend un bagage de 23 kg par personne. Un deuxième bagage coûte {amount} si vous l'ajoutez maintenant.",
                ],
            },
        ],
        greetings: &[
            "Bonjour {name}, ici {agent} d'Acme Travel.",
            "Bonjour {name} ! C'est {agent}, je m'occupe de votre demande.",
        ],
        customer_followups: &[
            "Parfait, merci. Et ensuite ?",
            "Pouvez-vous aussi m'envoyer les détails par e-mail ?",
            "Y a-t-il moins cher ?",
            "D'accord, allez-y s'il vous plaît.",
        ],
        agent_followups: &[
            "C'est fait ! Vous recevrez la confirmation par e-mail d'ici quelques minutes.",
            "Je vérifie avec la compagnie et je reviens vers vous rapidement.",
            "Je vous ai envoyé les détails par e-mail. Puis-je faire autre chose pour vous ?",
            "Bonne nouvelle : c'est confirmé. Votre référence reste {ref}.",
        ],
        nudges: &["Allô ? Il y a quelqu'un ?", "Des nouvelles, s'il vous plaît ?"],
        thanks: &[
            "Merci beaucoup, c'est tout ce qu'il me fallait !",
            "Super, merci pour votre aide.",
        ],
        closings: &[
            "Avec plaisir, {name} ! Excellent voyage.",
            "Ravi d'avoir pu aider. Bon voyage !",
        ],
        reopeners: &[
            "Pardon, encore une question sur la réservation {ref}.",
            "Re-bonjour, il y a un souci avec ma réservation.",
        ],
    },
    Lang {
        code: "pt",
        weight: 12,
        first_names: &[
            "Beatriz", "João", "Mariana", "Tiago", "Inês", "Rafael", "Ana", "Gabriel", "Larissa",
            "Pedro", "Carolina", "Lucas",
        ],
        last_names: &[
            "Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Rodrigues", "Almeida",
            "Carvalho", "Gomes", "Ribeiro", "Souza",
        ],
        phone_prefixes: &["+35191", "+35193", "+35196", "+551198"],
        months: [
            "janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto",
            "setembro", "outubro", "novembro", "dezembro",
        ],
        date_pattern: "{d} de {m}",
        euro_first: false,
        topics: [
            TopicText {
                openers: &[
                    "Olá, gostaria de reservar uma viagem para {city} para dois adultos a partir de {date}. Quais opções vocês têm?",
                    "Oi, estamos pensando num fim de semana prolongado em {city}, voo e hotel, por volta de {date}. Orçamento de uns {amount}.",
                ],
                details: &[
                    "Preferimos voo direto e hotel perto do centro.",
                    "Somos eu, meu marido e nossa filha de 7 anos.",
                ],
                replies: &[
                    "Encontrei um pacote para {city} a partir de {date}: voos diretos e 4 noites no {hotel} por {amount} no total. Posso reservar?",
                    "Ótima escolha! Tenho duas opções em {city}: um hotel no centro ou outro mais tranquilo à beira-mar, ambos com café da manhã. Qual prefere?",
                ],
            },
            TopicText {
                openers: &[
                    "Olá, preciso alterar meu voo {flight} do dia {date}. Código da reserva {ref}.",
                    "Oi, minha reunião mudou e preciso voltar um dia antes. Dá para alterar a reserva {ref}?",
                ],
                details: &[
                    "Qualquer horário à tarde serve.",
                    "Se possível, queria manter o assento no corredor.",
                ],
                replies: &[
                    "Consigo passar você para o mesmo trecho no dia {date} às 16h40. A taxa de alteração é {amount}. Posso confirmar?",
                    "Verifiquei a reserva {ref}: há lugar no voo anterior, {flight}. A diferença de tarifa é {amount}.",
                ],
            },
            TopicText {
                openers: &[
                    "Olá, cancelei a reserva {ref} há duas semanas e ainda não recebi o reembolso.",
                    "Oi, a companhia aérea cancelou meu voo {flight}. Como recebo meu dinheiro de volta?",
                ],
                details: &[
                    "O valor foi {amount}, pago no cartão de crédito.",
                    "Tenho o e-mail de cancelamento, se precisarem.",
                ],
                replies: &[
                    "Desculpe a demora. O reembolso de {amount} da reserva {ref} já foi aprovado; normalmente leva de 5 a 10 dias úteis para aparecer no cartão.",
                    "Como o cancelamento foi da companhia, você tem direito ao reembolso integral. Já solicitei os {amount}; a confirmação chega por e-mail.",
                ],
            },
            TopicText {
                openers: &[
                    "Olá, o {hotel} em {city} tem estacionamento? Chegamos dia {date}.",
                    "Oi, dá para fazer check-in mais cedo no {hotel}? Nosso voo pousa às 7 da manhã.",
                ],
                details: &[
                    "Vamos de carro alugado.",
                    "Estamos viajando com um bebê, tem berço?",
                ],
                replies: &[
                    "O {hotel} tem estacionamento subterrâneo por 18 € a diária; posso reservar uma vaga.",
                    "Pedi ao {hotel} o check-in antecipado para {date}. Não é garantido, mas eles guardam as malas de qualquer forma.",
                ],
            },
            TopicText {
                openers: &[
                    "Olá, minha mala não chegou em {city}. Voo {flight}, reserva {ref}.",
                    "Oi, quanta bagagem despachada está incluída na reserva {ref}?",
                ],
                details: &[
                    "É uma mala rígida azul com uma fita amarela.",
                    "Queria incluir uma segunda mala, se possível.",
                ],
                replies: &[
                    "Sinto muito. Por favor, registre a ocorrência no balcão de bagagens em {city} e me envie o número do processo; eu acompanho com a companhia.",
                    "Sua tarifa inclui uma mala de 23 kg por pessoa. Uma segunda mala custa {amount} se incluída agora.",
                ],
            },
        ],
        greetings: &[
            "Olá {name}, aqui é {agent} da Acme Travel.",
            "Oi {name}! Sou {agent}, vou ajudar você.",
        ],
        customer_followups: &[
            "Perfeito, obrigado. E agora?",
            "Pode me mandar os detalhes por e-mail também?",
            "Tem algo mais barato?",
            "Ok, pode seguir, por favor.",
        ],
        agent_followups: &[
            "Pronto! Você vai receber a confirmação por e-mail em alguns minutos.",
            "Vou verificar com a companhia aérea e já retorno.",
            "Enviei os detalhes para o seu e-mail. Posso ajudar em mais alguma coisa?",
            "Boa notícia: está confirmado. Seu código continua {ref}.",
        ],
        nudges: &["Olá? Tem alguém aí?", "Alguma novidade, por favor?"],
        thanks: &["Muito obrigado, era só isso!", "Ótimo, obrigada pela ajuda."],
        closings: &["Por nada, {name}! Boa viagem.", "Foi um prazer ajudar. Boa viagem!"],
        reopeners: &[
            "Desculpe, mais uma pergunta sobre a reserva {ref}.",
            "Oi de novo, surgiu um problema com a minha reserva.",
        ],
    },
    Lang {
        code: "it",
        weight: 11,
        first_names: &[
            "Giulia", "Luca", "Chiara", "Marco", "Francesca", "Alessandro", "Sara", "Matteo",
            "Martina", "Lorenzo", "Elisa", "Davide",
        ],
        last_names: &[
            "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci",
            "Marino", "Greco", "Bruno", "Conti",
        ],
        phone_prefixes: &["+39320", "+39347", "+39333", "+39338"],
        months: [
            "gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
            "settembre", "ottobre", "novembre", "dicembre",
        ],
        date_pattern: "{d} {m}",
        euro_first: false,
        topics: [
            TopicText {
                openers: &[
                    "Buongiorno, vorrei prenotare un viaggio a {city} per due adulti dal {date}. Che offerte avete?",
                    "Ciao, stiamo pensando a un weekend lungo a {city}, volo più hotel, verso il {date}. Budget sui {amount}.",
                ],
                details: &[
                    "Preferiamo un volo diretto e un hotel vicino al centro.",
                    "Siamo io, mio marito e nostra figlia di 7 anni.",
                ],
                replies: &[
                    "Ho trovato un pacchetto per {city} dal {date}: voli diretti e 4 notti al {hotel} per {amount} in totale. Glielo blocco?",
                    "Ottima scelta! Per {city} ho due opzioni: un hotel in centro o uno più tranquillo sul mare, entrambi con colazione. Quale preferisce?",
                ],
            },
            TopicText {
                openers: &[
                    "Buongiorno, devo cambiare il volo {flight} del {date}. Codice prenotazione {ref}.",
                    "Salve, la mia riunione è stata spostata e devo rientrare un giorno prima. Potete modificare la prenotazione {ref}?",
                ],
                details: &[
                    "Qualsiasi orario nel pomeriggio va bene.",
                    "Se possibile, vorrei mantenere il posto lato corridoio.",
                ],
                replies: &[
                    "Posso spostarla sulla stessa tratta il {date} alle 16:40. La penale di cambio è di {amount}. Procedo?",
                    "Ho controllato la prenotazione {ref}: c'è posto sul volo precedente, {flight}. La differenza tariffaria è di {amount}.",
                ],
            },
            TopicText {
                openers: &[
                    "Buongiorno, ho cancellato la prenotazione {ref} due settimane fa e non ho ancora ricevuto il rimborso.",
                    "Salve, la compagnia ha cancellato il mio volo {flight}. Come posso avere il rimborso?",
                ],
                details: &[
                    "L'importo era di {amount}, pagato con carta di credito.",
                    "Ho l'e-mail di cancellazione, se serve.",
                ],
                replies: &[
                    "Mi scusi per l'attesa. Il rimborso di {amount} per {ref} è stato approvato; di solito servono 5–10 giorni lavorativi perché compaia sulla carta.",
                    "Dato che la cancellazione è della compagnia, ha diritto al rimborso completo. Ho inoltrato la richiesta di {amount}: riceverà una conferma via e-mail.",
                ],
            },
            TopicText {
                openers: &[
                    "Buongiorno, il {hotel} di {city} ha il parcheggio? Arriviamo il {date}.",
                    "Salve, possiamo fare il check-in in anticipo al {hotel}? Il nostro volo atterra alle 7 del mattino.",
                ],
                details: &[
                    "Avremo un'auto a noleggio.",
                    "Viaggiamo con un neonato, c'è una culla?",
                ],
                replies: &[
                    "Il {hotel} ha un garage sotterraneo a 18 € a notte; posso prenotarle un posto.",
                    "Ho chiesto al {hotel} il check-in anticipato per il {date}. Non è garantito, ma in ogni caso vi terranno i bagagli.",
                ],
            },
            TopicText {
                openers: &[
                    "Buongiorno, la mia valigia non è arrivata a {city}. Volo {flight}, prenotazione {ref}.",
                    "Salve, quanto bagaglio da stiva è incluso nella prenotazione {ref}?",
                ],
                details: &[
                    "È una valigia rigida blu con una cinghia gialla.",
                    "Vorrei aggiungere un secondo bagaglio, se possibile.",
                ],
                replies: &[
                    "Mi dispiace. La prego di fare denuncia al banco bagagli di {city} e di mandarmi il numero della pratica: seguirò io la cosa con la compagnia.",
                    "La sua tariffa include un bagaglio da 23 kg a persona. Un secondo bagaglio costa {amount} se aggiunto ora.",
                ],
            },
        ],
        greetings: &[
            "Buongiorno {name}, sono {agent} di Acme Travel.",
            "Salve {name}! Sono {agent}, la aiuto volentieri.",
        ],
        customer_followups: &[
            "Perfetto, grazie. E adesso?",
            "Può mandarmi i dettagli anche via e-mail?",
            "C'è qualcosa di più economico?",
            "Va bene, proceda pure.",
        ],
        agent_followups: &[
            "Fatto! Riceverà la conferma via e-mail tra pochi minuti.",
            "Verifico con la compagnia aerea e le faccio sapere a breve.",
            "Le ho inviato i dettagli via e-mail. Posso fare altro per lei?",
            "Buone notizie: è confermato. Il codice resta {ref}.",
        ],
        nudges: &["Pronto? C'è qualcuno?", "Novità, per favore?"],
        thanks: &["Grazie mille, era tutto!", "Perfetto, grazie dell'aiuto."],
        closings: &["Prego, {name}! Buon viaggio.", "È stato un piacere. Buon viaggio!"],
        reopeners: &[
            "Scusi, ancora una domanda sulla prenotazione {ref}.",
            "Salve di nuovo, c'è un problema con la mia prenotazione.",
        ],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bank_is_filled() {
        for lang in &LANGS {
            for t in &lang.topics {
                assert!(!t.openers.is_empty() && !t.details.is_empty() && !t.replies.is_empty());
            }
            for bank in [
                lang.greetings,
                lang.customer_followups,
                lang.agent_followups,
                lang.nudges,
                lang.thanks,
                lang.closings,
                lang.reopeners,
                lang.first_names,
                lang.last_names,
                lang.phone_prefixes,
            ] {
                assert!(!bank.is_empty(), "{}", lang.code);
            }
            assert!(lang.date_pattern.contains("{d}") && lang.date_pattern.contains("{m}"));
        }
    }
}
