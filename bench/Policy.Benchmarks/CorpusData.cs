namespace Policy.Benchmarks;

/// <summary>Templates and vocabulary of the generated posts. Slots: {city}, {event}, {product} …</summary>
internal static class Corpus
{
    public static readonly string[] DeClean =
    [
        "Was für ein Tag auf der {event} in {city}! Danke an alle, die an unserem Stand vorbeigeschaut haben.",
        "Wir suchen Verstärkung im Team {team} in {city}. Bewerbt euch gern, ich beantworte Fragen per DM.",
        "Heute war unser Sommerfest: {n} Kolleginnen und Kollegen, Sonne, Grillgut und gute Gespräche. Danke an das Orga-Team!",
        "Stolz auf unser Team: {product} {version} ist ab heute verfügbar. Alle Details findet ihr auf unserer Website.",
        "Mein erster Arbeitstag bei {company} – super Onboarding, nette Kolleginnen und Kollegen und sehr guter Kaffee.",
        "Am {day} halte ich einen Vortrag über {topic} auf der {event}. Ich freue mich auf den Austausch!",
        "Spannender Workshop heute zum Thema {topic}. Viel gelernt und ein paar Ideen für unser Team mitgenommen.",
        "{n} Jahre bei {company}! Danke für die vielen Projekte, das Vertrauen und die großartigen Menschen hier.",
        "Unser Azubi-Tag war ein voller Erfolg. Wer Lust auf eine Ausbildung als {job} hat, meldet sich gern bei uns.",
        "Glückwunsch an das Team {team} zum Innovationspreis! Die Arbeit an {product} hat sich gelohnt.",
        "Heute mit dem Rad ins Büro in {city}, {n} Kilometer bei Nieselregen. Der Kaffee danach war verdient.",
        "Beim Firmenlauf in {city} waren wir dieses Jahr mit {n} Läuferinnen und Läufern dabei. Nächstes Jahr werden es mehr!",
        "Kurzer Rückblick auf die {event}: volle Hallen, tolle Gespräche und viel Interesse an {product}.",
        "Unser Webinar zu {topic} am {day}: kostenlos, 45 Minuten, mit Live-Demo von {product}. Link in den Kommentaren.",
        "Neue Folge unseres Podcasts: {name} erzählt, wie wir im Team {team} mit {topic} umgehen. Reinhören lohnt sich!",
        "Danke an {name} für die großartige Einarbeitung. Nach drei Monaten im Team {team} fühle ich mich angekommen.",
        "Wir haben {big} Euro für die Tafel in {city} gesammelt. Danke an alle, die beim Spendenlauf mitgemacht haben!",
        "Girls' Day bei uns in {city}: {n} Schülerinnen haben heute programmiert, gelötet und Roboter gebaut.",
        "Heute Teamtag im Kletterwald. Das Team {team} hängt jetzt zusammen – im wahrsten Sinne des Wortes.",
        "Frisch zurück von der {event}. Die wichtigsten Trends: {topic} und noch einmal {topic}.",
        "Wir ziehen um! Ab {day} findet ihr unser Büro in {city} in der Hafenstraße. Neue Räume, gleiche Leute.",
        "Unsere Kundenhotline ist über die Feiertage verkürzt erreichbar. Danke für euer Verständnis!",
        "Gerade das Update auf {product} {version} installiert. Die neue Suche ist wirklich schnell geworden.",
        "Tag der offenen Tür am {day} in {city}: Führungen, Vorträge und Kinderprogramm. Kommt vorbei!",
        "Ein Jahr Homeoffice-Regelung bei uns: weniger Pendeln, mehr Fokuszeit und trotzdem jeden {day} Teamfrühstück.",
    ];

    /// <summary>The ordinary-looking templates that are promotion of the employer's product.</summary>
    public static readonly HashSet<string> Promotions =
    [
        "Unser Webinar zu {topic} am {day}: kostenlos, 45 Minuten, mit Live-Demo von {product}. Link in den Kommentaren.",
        "Join our free webinar on {topic} on {day}: 45 minutes, including a live demo of {product}. Link in comments.",
    ];

    public static readonly string[] EnClean =
    [
        "What a day at {event} in {city}! Thanks to everyone who stopped by our booth and said hello.",
        "We're hiring! Our {team} team in {city} is looking for a {job}. DM me if you have questions.",
        "Proud of the team: {product} {version} is out today. Check out the release notes on our website.",
        "First week at {company} done. Great onboarding, friendly people and surprisingly good coffee.",
        "I'll be speaking about {topic} at {event} on {day}. Looking forward to the discussions!",
        "Great workshop on {topic} today. Learned a lot and brought back some ideas for the team.",
        "{n} years at {company} today! Thanks for all the projects, the trust and the amazing colleagues.",
        "Congratulations to the {team} team on the innovation award! All the work on {product} paid off.",
        "Our charity run raised {big} euros for the local food bank in {city}. Thank you to everyone who joined!",
        "Quick recap of {event}: packed halls, great conversations and lots of interest in {product}.",
        "Join our free webinar on {topic} on {day}: 45 minutes, including a live demo of {product}. Link in comments.",
        "New podcast episode: {name} talks about how our {team} team approaches {topic}. Worth a listen!",
        "Big thanks to {name} for mentoring me during my first months on the {team} team.",
        "Team day at the climbing park. The {team} team is now literally hanging out together.",
        "Back from {event}. The main trends this year: {topic}, and again {topic}.",
        "We're moving! From {day} on our {city} office is at the harbour front. New rooms, same people.",
        "Just updated to {product} {version}. The new search is really fast, nice work everyone.",
        "Open house on {day} in {city}: guided tours, talks and a kids' programme. Come and visit us!",
        "Hackathon results are in: {n} teams, 48 hours and some very creative ideas around {topic}.",
        "Our apprentices presented their final projects today. Impressive work on {topic}!",
    ];

    public static readonly string[] DeExtra =
    [
        "Danke an {name} für die Organisation.",
        "Mehr dazu bald hier.",
        "Wer war noch da?",
        "Fotos folgen!",
        "Wir sehen uns auf der {event}.",
        "Fragen gern in die Kommentare.",
        "Nächstes Mal bin ich wieder dabei.",
    ];

    public static readonly string[] EnExtra =
    [
        "Thanks to {name} for organising.",
        "More soon.",
        "Who else was there?",
        "Photos to follow!",
        "See you at {event}.",
        "Questions welcome in the comments.",
        "Can't wait for the next one.",
    ];

    public static readonly string[] DeClosing = ["Schönes Wochenende!", "Bis bald!", "Danke euch!", "Viele Grüße aus Hamburg!", "Meine Meinung, nicht die meines Arbeitgebers."];

    public static readonly string[] EnClosing = ["Have a great weekend!", "See you soon!", "Thanks all!", "Views are my own.", "Cheers from Berlin!"];

    public static readonly string[] DeConfidential =
    [
        "Kleiner Einblick aus dem Strategiemeeting, eigentlich streng vertraulich: {product} {version} bekommt eine KI-Suche.",
        "Achtung, nur intern: Die Zahlen für das dritte Quartal liegen {pct} Prozent über Plan. Feiern am {day}!",
        "Die Folien zu {codename} sind noch vertraulich, aber ich kann schon sagen: Es wird groß.",
        "Unser neues Preismodell (nur für den internen Gebrauch) startet im Herbst. Ich bin gespannt auf die Reaktionen.",
        "Das ist wahrscheinlich ein Geschäftsgeheimnis, aber unsere neue Fertigungslinie in {city} schafft {big} Teile pro Stunde.",
    ];

    public static readonly string[] EnConfidential =
    [
        "Sneak peek from today's roadmap meeting, strictly confidential, but I can't resist: {product} {version} gets AI search.",
        "Internal only, but so proud: Q3 revenue is {pct} percent above plan. Celebration on {day}!",
        "The {codename} slides are still confidential, but let me say this much: it's going to be big.",
        "Our new pricing model (for internal use only) launches in autumn. Curious how customers will react.",
        "Probably a trade secret, but our new production line in {city} makes {big} parts an hour.",
    ];

    public static readonly string[] DeIban =
    [
        "Spenden für den Spendenlauf gern direkt an {iban}, Verwendungszweck Tafel {city}. Danke!",
        "Für das Abschiedsgeschenk von {name} sammeln wir: {iban}. Jeder Betrag hilft!",
        "Wer beim Sommerfest noch Geld für das Grillgut schuldet: bitte an {iban} überweisen.",
    ];

    public static readonly string[] EnIban =
    [
        "Donations for the charity run can go straight to {iban}, reference food bank {city}. Thank you!",
        "Collecting for {name}'s farewell gift: {iban}. Every euro helps!",
    ];

    public static readonly string[] DeEmail =
    [
        "Fragen zur Ausbildung als {job}? Schreibt mir direkt an {email}, ich antworte schnell.",
        "Wer beim Firmenlauf mitmachen will, meldet sich bis {day} bei {email}.",
        "Bewerbungen für das Team {team} gern an {email} – wir freuen uns auf euch!",
    ];

    public static readonly string[] EnEmail =
    [
        "Questions about the {job} role? Email me at {email} and I'll get back to you quickly.",
        "Want to join the charity run? Sign up with {email} by {day}.",
        "Applications for the {team} team to {email}, we're looking forward to hearing from you!",
    ];

    public static readonly string[] DePassword =
    [
        "Für alle Gäste beim Workshop: Das WLAN-Passwort lautet {password}, bitte nicht weitergeben.",
        "Der neue Zugang fürs Lager-WLAN, Passwort lautet {password}. Viel Spaß beim Inventurtag!",
        "Wer den Testzugang für {product} braucht: Benutzer demo, Passwort {password}.",
    ];

    public static readonly string[] EnPassword =
    [
        "For all workshop guests: the wifi password is {password}, please don't share it.",
        "Need the demo account for {product}? User demo, password: {password}.",
    ];

    public static readonly string[] DeCompetitor =
    [
        "Unser {product} ist doppelt so schnell wie {competitor} und kostet die Hälfte. Der Vergleich ist eindeutig.",
        "Ehrlich gesagt: Wer noch mit {competitor} arbeitet, verschenkt Zeit. {product} {version} macht es besser.",
        "Im direkten Vergleich mit {competitor} hat {product} beim Kundentest klar gewonnen.",
    ];

    public static readonly string[] EnCompetitor =
    [
        "Our {product} is twice as fast as {competitor} at half the price. Not even close.",
        "Honestly, {competitor} is a joke compared to {product} {version}. Time to switch.",
        "Head to head with {competitor}, {product} won every customer test.",
    ];

    public static readonly string[] Cities = ["Hamburg", "München", "Berlin", "Köln", "Stuttgart", "Leipzig", "Düsseldorf", "Frankfurt", "Bremen", "Nürnberg", "Dresden", "Hannover"];

    public static readonly string[] Events = ["Hannover Messe", "re:publica", "CeBIT Nachfolger", "Karrieremesse", "IAA", "Tech Summit", "embedded world", "DMEXCO", "Hausmesse", "Logistik-Tag"];

    public static readonly string[] Products = ["Nordlicht Cloud", "Nordlicht Connect", "LagerPilot", "FleetView", "Nordlicht Analytics", "PlanWerk", "DocuFlow", "ShopBridge"];

    public static readonly string[] DeTeams = ["Vertrieb", "Entwicklung", "Logistik", "Kundenservice", "Marketing", "Personal", "IT-Betrieb", "Einkauf", "Qualitätssicherung"];

    public static readonly string[] EnTeams = ["sales", "engineering", "logistics", "customer success", "marketing", "people", "platform", "procurement", "quality"];

    public static readonly string[] DeTopics = ["Barrierefreiheit", "Nachhaltigkeit in der Lieferkette", "Künstliche Intelligenz", "Datenschutz im Alltag", "agile Teams", "Cloud-Migration", "Fachkräftemangel", "Digitalisierung im Mittelstand"];

    public static readonly string[] EnTopics = ["accessibility", "supply chain sustainability", "machine learning", "privacy by design", "agile teams", "cloud migration", "developer experience", "hybrid work"];

    public static readonly string[] DeJobs = ["Fachinformatikerin", "Industriekaufmann", "Mechatronikerin", "Fachkraft für Lagerlogistik", "Kauffrau für Büromanagement"];

    public static readonly string[] EnJobs = ["backend developer", "product designer", "data engineer", "account manager", "support engineer"];

    public static readonly string[] DeDays = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "nächsten Montag", "15. März", "2. Oktober"];

    public static readonly string[] EnDays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "next Monday", "March 15", "October 2"];

    public static readonly string[] FirstNames = ["Anna", "Jonas", "Lea", "Lukas", "Mia", "Felix", "Sophie", "Paul", "Emma", "Ben", "Hannah", "Tim", "Aylin", "Mehmet", "Julia", "Max"];

    public static readonly string[] LastNames = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Yilmaz", "Köhler"];

    public static readonly string[] MailDomains = ["nordlicht-systems.de", "gmail.com", "web.de", "gmx.de", "outlook.com"];

    public static readonly string[] Competitors = ["Südwind Software", "Brightline", "Alpenwerk Digital", "CloudHafen", "Meridian Logistics"];

    public static readonly string[] CodeNames = ["Projekt Falke", "Polarstern", "Project Kestrel", "Nordwind", "Leuchtturm"];

    public static readonly string[] PasswordWords = ["Sommer", "Blaubeere", "Lager", "Hafen", "Welcome", "Sunshine", "Kaffee", "Nordlicht"];

    public static readonly string[] PasswordSymbols = ["!", "#", "$", "?", "%", "&"];

    public static readonly string[] DeTags = ["Karriere", "TeamNordlicht", "Ausbildung", "Messe", "Logistik", "Digitalisierung", "Nachhaltigkeit", "Innovation", "Hamburg", "Arbeitgeber"];

    public static readonly string[] EnTags = ["hiring", "teamwork", "career", "innovation", "logistics", "cloud", "sustainability", "womenintech", "engineering"];

    public static readonly string[] Emoji = ["🚀", "🎉", "💪", "🙌", "☕", "😅", "👏", "🌞"];
}

/// <summary>Building blocks of generated term lists.</summary>
internal static class TermParts
{
    public static readonly string[] RealWords =
    [
        "Quartalszahlen", "Umsatzprognose", "Roadmap", "Prototyp", "Übernahme", "Kündigungswelle", "Gehaltsliste",
        "Kundenliste", "Preiserhöhung", "Rückruf", "Lieferengpass", "Betriebsrat", "Tarifverhandlung", "Stellenabbau",
        "Insolvenz", "Fusion", "Börsengang", "merger", "layoffs", "acquisition", "salary", "revenue forecast",
        "customer list", "recall", "price increase", "pricing model", "roadmap meeting", "production line", "Preismodell",
        "Strategiemeeting", "Fertigungslinie", "Innovationspreis", "Spendenlauf", "Testzugang", "Inventurtag",
        "Brightline", "Südwind Software", "CloudHafen", "Alpenwerk Digital", "Meridian Logistics", "Projekt Falke",
        "Polarstern", "Project Kestrel", "Nordwind", "Leuchtturm",
    ];

    public static readonly string[] DeHeads =
    [
        "Kunden", "Projekt", "Vertriebs", "Lager", "Preis", "Daten", "Personal", "Gehalts", "Budget", "Umsatz", "Produkt",
        "Liefer", "Einkaufs", "Marketing", "Strategie", "Sicherheits", "Qualitäts", "Entwicklungs", "Fertigungs", "Werks",
        "Vorstands", "Finanz", "Rechts", "Patent", "Test", "Partner", "Filial", "Netz", "Server", "Export",
    ];

    public static readonly string[] DeTails =
    [
        "liste", "plan", "zahlen", "strategie", "bericht", "planung", "vertrag", "konzept", "prognose", "analyse",
        "entwurf", "protokoll", "kalkulation", "übersicht", "datenbank", "budget", "richtlinie", "roadmap", "studie",
        "präsentation", "kennzahlen", "ziele", "prüfung", "freigabe", "angebot",
    ];

    public static readonly string[] EnHeads =
    [
        "customer", "pricing", "sales", "product", "board", "budget", "supplier", "partner", "security", "launch",
        "revenue", "hiring", "quarterly", "merger", "release", "beta", "vendor", "audit", "legal", "roadmap",
    ];

    public static readonly string[] EnTails =
    [
        "list", "plan", "figures", "strategy", "report", "forecast", "deck", "review", "draft", "memo", "numbers",
        "contract", "pipeline", "targets", "notes", "briefing", "timeline", "proposal",
    ];

    public static readonly string[] Syllables =
    [
        "ka", "lo", "mir", "tan", "ve", "ra", "nor", "dis", "fal", "ke", "stern", "wind", "ber", "gon", "li", "sa",
        "tor", "vin", "hel", "ix", "al", "ma", "ron", "del", "quin", "zar", "ost", "mar", "pel", "tri", "ul", "fen",
        "gar", "hu", "bri", "ens", "lux", "mo", "nix", "or",
    ];

    public static readonly string[] CompanySuffixes = ["AG", "GmbH", "Systems", "Software", "Labs", "Digital", "Logistik", "Technologies", "SE", "Group"];
}
