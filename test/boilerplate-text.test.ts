/**
 * Plain-text input with page leftovers, by kind, in the languages of the
 * extraction development pages: each leftover line is reported with its
 * kind and left out of content.main, and every article paragraph survives,
 * including paragraphs that use the same words (comment, cookies, app,
 * follow, read). All text here is invented for these tests.
 */
import { describe, expect, it } from 'vitest';
import { assertOffsetsValid, score } from './helpers.ts';

interface Case {
  lang: string;
  /** Genuine paragraphs: all must stay in content.main, in order. */
  article: string[];
  /** Leftover lines and the kind each must be reported as. */
  leftovers: Array<[string, string]>;
}

const CASES: Case[] = [
  {
    lang: 'en',
    article: [
      'The council said on Tuesday that comments from residents would be reviewed before the plan goes to a vote in March, and that the consultation would stay open for six weeks.',
      'Health officials asked people to download the tracing app and to follow us on the route to the testing centre, a spokeswoman said, adding that cookies and tea would be served.',
      'Read more about the history of the bridge in the archive, the museum director told visitors, before she closed the exhibition for the winter.',
    ],
    leftovers: [
      ['Loading comments…', 'comments'],
      ['Comments are reviewed before they are published. Please read our community guidelines.', 'comments'],
      ['Follow us on Instagram', 'seo'], // the older English follow-prompt rule in seo.yaml claims it first
      ['Download our app', 'widget'],
    ],
  },
  {
    lang: 'de',
    article: [
      'Der Stadtrat hat am Dienstag beschlossen, das Busnetz bis zum Ende des nächsten Jahres um zwölf Linien zu erweitern. Die Sprecherin wollte die Kosten nicht kommentieren.',
      'Die Datenschutzbehörde stellte fest, dass viele Händler Cookies ohne Einwilligung setzen. Wir verwenden diese Befunde, sagte der Präsident, um die Regeln zu verschärfen.',
      'Mehr zu den Plänen will die Ministerin erst im Herbst sagen. Wer die App der Verkehrsbetriebe nutzt, soll die neuen Fahrpläne schon im Frühjahr sehen.',
      'Weitere Informationen will das Ministerium erst nach der Sitzung veröffentlichen. Der Kontakt zu den Gemeinden, die eine Anzeige wegen der Baustellen erstattet haben, laufe über das Bürgerbüro.',
      'Das Foto zeigt den Bürgermeister bei der Eröffnung der Brücke im vergangenen Sommer.',
    ],
    leftovers: [
      ['Kommentare werden geladen …', 'comments'],
      ['Wir behalten uns vor, Kommentare zu löschen, die gegen unsere Netiquette verstoßen.', 'comments'],
      ['Lesen Sie auch: Warum die Brücke gesperrt bleibt', 'related'],
      ['Auch interessant', 'related'],
      ['Folgen Sie uns auf Facebook', 'share'],
      ['Laden Sie jetzt unsere kostenlose App', 'widget'],
      ['Wir verwenden Cookies, um unsere Website für Sie zu verbessern.', 'cookie'],
      ['Alle akzeptieren', 'cookie'],
      ['Weitere Informationen:', 'navigation'],
      ['Über den Autor', 'navigation'],
      ['- Anzeige -', 'advertising'],
      ['War der Artikel nützlich?', 'widget'],
      ['Foto: Beispielagentur / Erika Mustermann', 'credit'],
    ],
  },
  {
    lang: 'fr',
    article: [
      "Le ministre a refusé de commenter les chiffres publiés mardi par l'institut, qui montrent une hausse des prix de l'énergie de huit pour cent sur un an.",
      "La CNIL a sanctionné plusieurs sites qui déposaient des cookies sans le consentement des internautes, et a demandé aux éditeurs de revoir leurs bandeaux avant l'été.",
    ],
    leftovers: [
      ['Chargement des commentaires...', 'comments'],
      ['Les commentaires sont modérés.', 'comments'],
      ['À lire aussi : la réforme des retraites en cinq questions', 'related'],
      ['Suivez-nous sur Instagram', 'share'],
      ['Téléchargez notre application', 'widget'],
      ['Tout accepter', 'cookie'],
    ],
  },
  {
    lang: 'es',
    article: [
      'El alcalde se negó a comentar la decisión del tribunal antes de leer la sentencia completa, pero dijo que el ayuntamiento respetará el fallo.',
      'Los vecinos pidieron más noticias sobre el estado de la obra, que lleva dos años parada, y la empresa prometió una reunión para el próximo lunes.',
    ],
    leftovers: [
      ['Deja un comentario', 'comments'],
      ['Los comentarios son responsabilidad exclusiva de sus autores.', 'comments'],
      ['Noticias relacionadas', 'related'],
      ['Síguenos en X', 'share'],
      ['Descarga nuestra app', 'widget'],
      ['Este sitio web utiliza cookies propias y de terceros.', 'cookie'],
    ],
  },
  {
    lang: 'it, pt, nl, pl',
    article: [
      'Il sindaco ha detto che il nuovo ponte sarà aperto entro la fine di giugno, dopo due anni di lavori e tre ritardi dovuti alla mancanza di materiali.',
      'O governo anunciou nesta terça-feira um novo plano para as escolas públicas, que prevê a contratação de dois mil professores até o fim do ano.',
      'De gemeente wil volgend jaar twintig nieuwe laadpalen plaatsen in de binnenstad, zo liet de wethouder dinsdag weten tijdens de raadsvergadering.',
      'Rada miasta zdecydowała we wtorek, że nowa linia tramwajowa połączy dworzec z osiedlami na północy miasta do końca przyszłego roku.',
    ],
    leftovers: [
      ['Lascia un commento', 'comments'],
      ['Leggi anche', 'related'],
      ['Os comentários são moderados.', 'comments'],
      ['Leia também: Governo anuncia novo plano', 'related'],
      ['Volg ons op LinkedIn', 'share'],
      ['Wij gebruiken cookies.', 'cookie'],
      ['Czytaj także', 'related'],
      ['Pobierz naszą aplikację', 'widget'],
    ],
  },
];

describe('plain-text leftovers by kind, in several languages', () => {
  for (const c of CASES) {
    it(`${c.lang}: leftovers reported by kind, every article paragraph kept`, async () => {
      // Leftovers interleaved with the paragraphs: after the first paragraph and at the end.
      const half = Math.ceil(c.leftovers.length / 2);
      const lines = [c.article[0], ...c.leftovers.slice(0, half).map((l) => l[0]), ...c.article.slice(1), ...c.leftovers.slice(half).map((l) => l[0])];
      const r = await score({ text: lines.join('\n') });
      expect(r.content.main).toBe(c.article.join('\n'));
      const found = r.findings.filter((f) => f.signal === 'boilerplate');
      for (const [line, kind] of c.leftovers) {
        const f = found.find((x) => line.includes(x.text) || x.text.includes(line));
        expect(f, `${line}: ${JSON.stringify(found.map((x) => [x.category, x.text]))}`).toBeDefined();
        expect(f!.category).toBe(kind);
      }
      assertOffsetsValid(r);
    });
  }
  it('the article paragraphs alone give no boilerplate finding', async () => {
    for (const c of CASES) {
      const r = await score({ text: c.article.join('\n') });
      expect(r.findings.filter((f) => f.signal === 'boilerplate').map((f) => f.text)).toEqual([]);
      expect(r.content.main).toBe(c.article.join('\n'));
    }
  });
});
