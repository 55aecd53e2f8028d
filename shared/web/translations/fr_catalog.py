"""French translations of the shared catalogue, kept as data so the .po can be regenerated.

Update: `.venv/bin/python shared/web/translations/fr_catalog.py` (extracts, fills, compiles).
"""
FR = {
    # layout, errors, macros
    "Argan": "Argan", "Skip to content": "Aller au contenu", "Services": "Services",
    "Language": "Langue", "Sign out": "Se déconnecter", "Home": "Accueil",
    "Stakeholders": "Acteurs", "Activities": "Activités", "Missions": "Missions",
    "Reports": "Rapports", "%(date)s at %(time)s": "%(date)s à %(time)s",
    "Please correct the fields marked below.": "Veuillez corriger les champs signalés ci-dessous.",
    "Pages": "Pages", "Previous": "Précédent", "Next": "Suivant",
    "Page %(page)s of %(pages)s": "Page %(page)s sur %(pages)s",
    "Missing data for required field.": "Ce champ est obligatoire.",
    "Field may not be null.": "Ce champ est obligatoire.",
    "Not a valid email address.": "Adresse de courriel invalide.",
    "Not a valid date.": "Date invalide.", "Not a valid integer.": "Nombre entier invalide.",
    "Not a valid string.": "Texte invalide.", "Not a valid list.": "Liste invalide.",
    "Unknown field.": "Champ inconnu.", "Invalid input type.": "Type de donnée invalide.",
    "Not a valid number.": "Nombre invalide.",
    "Some fields are invalid.": "Certains champs sont invalides.", "Not found.": "Introuvable.",
    "Someone else changed this record meanwhile (version %(version)s); reload it and try again.":
        "Quelqu’un d’autre a modifié cette fiche entre-temps (version %(version)s) ; "
        "rechargez-la et réessayez.",
    "The form has expired or its security token is missing; please try again.":
        "Le formulaire a expiré ou son jeton de sécurité manque ; veuillez réessayer.",
    "Something went wrong on our side. The error has been logged; please try again later.":
        "Une erreur s’est produite de notre côté. Elle a été enregistrée ; veuillez réessayer "
        "plus tard.",
    "The request is not valid.": "La requête n’est pas valide.",
    "Please sign in.": "Veuillez vous connecter.",
    "You are not allowed to do this.": "Vous n’êtes pas autorisé·e à faire cela.",
    "This page does not exist.": "Cette page n’existe pas.",
    "This method is not allowed here.": "Cette méthode n’est pas autorisée ici.",
    "This conflicts with the current state.": "Cela entre en conflit avec l’état actuel.",
    "The field “%(field)s” contains a character that is not allowed.":
        "Le champ « %(field)s » contient un caractère non autorisé.",
    "Contains a character that is not allowed.": "Contient un caractère non autorisé.",
    # domain rules
    "An archived person cannot be corrected.": "Une personne archivée ne peut plus être modifiée.",
    "Nothing changed.": "Rien n’a changé.",
    "This person is already archived.": "Cette personne est déjà archivée.",
    "A given name is required.": "Le prénom est obligatoire.",
    "A family name is required.": "Le nom de famille est obligatoire.",
    "Must be 200 characters or fewer.": "200 caractères au maximum.",
    "Must be 500 characters or fewer.": "500 caractères au maximum.",
    "Choose female, male, other or unknown.": "Choisissez femme, homme, autre ou non précisé.",
    "The birth date cannot be in the future.": "La date de naissance ne peut pas être dans le futur.",
    "The birth date is too far in the past.": "La date de naissance est trop ancienne.",
    "Not a valid phone number.": "Numéro de téléphone invalide.",
    "Use a two-letter country code (ISO 3166), e.g. MA or FR.":
        "Utilisez un code pays à deux lettres (ISO 3166), par ex. MA ou FR.",
    "Use language codes such as fr, ar, tzm or en.":
        "Utilisez des codes de langue comme fr, ar, tzm ou en.",
    "Unknown role.": "Rôle inconnu.",
    "Each entry must be 40 characters or fewer.": "Chaque entrée fait 40 caractères au maximum.",
    "This field is required.": "Ce champ est obligatoire.",
    # labels
    "Given name": "Prénom", "Family name": "Nom", "Sex": "Sexe", "Birth date": "Date de naissance",
    "Nationality": "Nationalité", "Country of residence": "Pays de résidence", "Region": "Région",
    "Province or département": "Province ou département", "Town": "Commune", "Email": "Courriel",
    "Phone": "Téléphone", "WhatsApp": "WhatsApp", "Languages": "Langues", "Roles": "Rôles",
    "Programmes": "Programmes", "Tags": "Étiquettes",
    "Given name changed": "Prénom modifié", "Family name changed": "Nom modifié",
    "Sex changed": "Sexe modifié", "Birth date changed": "Date de naissance modifiée",
    "Nationality changed": "Nationalité modifiée",
    "Country of residence changed": "Pays de résidence modifié",
    "Region changed": "Région modifiée", "Province changed": "Province modifiée",
    "Town changed": "Commune modifiée", "Email changed": "Courriel modifié",
    "Phone changed": "Téléphone modifié", "WhatsApp changed": "WhatsApp modifié",
    "Languages changed": "Langues modifiées", "Roles changed": "Rôles modifiés",
    "Programmes changed": "Programmes modifiés", "Tags changed": "Étiquettes modifiées",
    "Female": "Femme", "Male": "Homme", "Other": "Autre", "Unknown": "Non précisé",
    "Young person": "Jeune", "Volunteer": "Volontaire", "Association member": "Membre d’association",
    "Consultant or trainer": "Consultant·e ou formateur·rice", "Elected official": "Élu·e",
    "Partner staff": "Personnel partenaire", "Other role": "Autre rôle",
    "French": "Français", "Arabic": "Arabe", "Tamazight": "Tamazight", "English": "Anglais",
    "Spanish": "Espagnol", "Italian": "Italien", "German": "Allemand", "Portuguese": "Portugais",
    "%(what)s: %(before)s → %(after)s": "%(what)s : %(before)s → %(after)s",
    # pages
    "Some filters were not understood and were ignored.":
        "Certains filtres n’ont pas été compris et ont été ignorés.",
    "The person has been registered.": "La personne a été inscrite.",
    "The changes have been saved.": "Les modifications ont été enregistrées.",
    "The person has been archived.": "La personne a été archivée.",
    "the system": "le système",
    "Meanwhile, %(actor)s changed: %(fields)s.": "Entre-temps, %(actor)s a modifié : %(fields)s.",
    "Meanwhile, %(actor)s archived this person.": "Entre-temps, %(actor)s a archivé cette personne.",
    "Registered by %(actor)s on %(date)s at %(time)s": "Inscrit·e par %(actor)s le %(date)s à %(time)s",
    "Corrected by %(actor)s on %(date)s at %(time)s": "Modifié·e par %(actor)s le %(date)s à %(time)s",
    "Archived by %(actor)s on %(date)s at %(time)s": "Archivé·e par %(actor)s le %(date)s à %(time)s",
    "Reason: %(reason)s": "Motif : %(reason)s",
    "Incorrect email or password.": "Courriel ou mot de passe incorrect.",
    "Welcome, %(name)s.": "Bienvenue, %(name)s.", "You are signed out.": "Vous êtes déconnecté·e.",
    "People": "Personnes", "New person": "Nouvelle personne",
    "Search by name or email": "Rechercher par nom ou courriel",
    "e.g. Amina, el idrissi, @gmail": "ex. Amina, el idrissi, @gmail", "All": "Tous",
    "Role": "Rôle", "Sort by": "Trier par", "Name": "Nom", "Most recent": "Plus récent·es",
    "Filter": "Filtrer", "Residence": "Résidence", "archived": "archivé·e",
    "Nobody matches these filters.": "Personne ne correspond à ces filtres.",
    "Try another spelling or fewer filters.": "Essayez une autre orthographe ou moins de filtres.",
    "Clear the filters": "Effacer les filtres",
    "No one is registered yet.": "Personne n’est encore inscrit.",
    "Register the first person to start.": "Inscrivez la première personne pour commencer.",
    "Archive": "Archiver", "Archive %(name)s?": "Archiver %(name)s ?",
    "This record was changed meanwhile.": "Cette fiche a été modifiée entre-temps.",
    "Confirm again if you still want to archive.": "Confirmez à nouveau si vous voulez toujours archiver.",
    "An archived person no longer appears in lists and can no longer be corrected. Their history is kept.":
        "Une personne archivée n’apparaît plus dans les listes et ne peut plus être modifiée. "
        "Son historique est conservé.",
    "Reason (optional)": "Motif (facultatif)", "Yes, archive": "Oui, archiver", "Cancel": "Annuler",
    "Correct": "Modifier", "Details": "Informations", "Archiving reason": "Motif d’archivage",
    "History": "Historique", "Back to the list": "Retour à la liste",
    "Correct a person": "Modifier une personne", "Correct %(name)s": "Modifier %(name)s",
    "This record was changed while you were editing it.":
        "Cette fiche a été modifiée pendant que vous l’éditiez.",
    "Your input is kept below: check it against these changes and save again.":
        "Votre saisie est conservée ci-dessous : vérifiez-la au regard de ces changements et "
        "enregistrez à nouveau.",
    "e.g. Souss-Massa, Provence-Alpes-Côte d'Azur": "ex. Souss-Massa, Provence-Alpes-Côte d’Azur",
    "International format, e.g. +212 6 12 34 56 78": "Format international, ex. +212 6 12 34 56 78",
    "Programme codes, separated by commas": "Codes des programmes, séparés par des virgules",
    "Separated by commas": "Séparées par des virgules", "Save": "Enregistrer", "Register": "Inscrire",
    "Sign in": "Se connecter",
    "One account for stakeholders, activities, missions and reports.":
        "Un seul compte pour les acteurs, les activités, les missions et les rapports.",
    "Password": "Mot de passe",
    # reporting and placeholders (the lead's pages)
    "People by sex and by region": "Personnes par sexe et par région",
    "People registered in the directory and not archived, by region of residence. No names: "
    "reporting only keeps what the indicators need.":
        "Personnes inscrites dans l’annuaire et non archivées, par région de résidence. Aucun nom : "
        "le reporting ne garde que ce dont les indicateurs ont besoin.",
    "Country": "Pays", "Women": "Femmes", "Men": "Hommes", "Not stated": "Non précisé",
    "Total": "Total", "Nobody to count yet.": "Personne à compter pour l’instant.",
    "Register a person in the directory": "Inscrire une personne dans l’annuaire",
    "Freshness": "Fraîcheur", "Source": "Source", "State": "État", "Last update": "Dernière mise à jour",
    "Source unreachable; %(n)s events applied.": "Source injoignable ; %(n)s événements appliqués.",
    "Up to date": "À jour",
    "This part of Argan is being built.": "Cette partie d’Argan est en construction.",
    "Go to the stakeholders directory": "Aller à l’annuaire des acteurs",
    "People appear here as soon as they are registered in the directory.":
        "Les personnes apparaissent ici dès leur inscription dans l’annuaire.",
    "How far these figures are behind each source.":
        "Le retard de ces chiffres sur chaque source.",
    "Changed meanwhile to: %(value)s": "Modifié entre-temps : %(value)s",
    # staff accounts (stakeholders/staff)
    "This account is disabled. Ask an administrator.":
        "Ce compte est désactivé. Adressez-vous à un·e administrateur·rice.",
    "Too many failed sign-ins. Try again after %(time)s.":
        "Trop de tentatives de connexion échouées. Réessayez après %(time)s.",
    "You are signed in.": "Vous êtes connecté·e.",
    "The password must have at least 12 characters.":
        "Le mot de passe doit compter au moins 12 caractères.",
    "The password must have 1000 characters or fewer.":
        "Le mot de passe doit compter 1000 caractères au maximum.",
    "The password must not be only letters or only digits.":
        "Le mot de passe ne doit pas contenir que des lettres ou que des chiffres.",
    "The password must not contain your email address.":
        "Le mot de passe ne doit pas contenir votre adresse de courriel.",
    "This password is too common; choose another one.":
        "Ce mot de passe est trop courant ; choisissez-en un autre.",
    "Choose at least one role.": "Choisissez au moins un rôle.",
    "This role is already granted.": "Ce rôle est déjà accordé.",
    "This role is not granted.": "Ce rôle n’est pas accordé.",
    "You cannot revoke your own admin role.":
        "Vous ne pouvez pas retirer votre propre rôle d’administrateur·rice.",
    "This account is already disabled.": "Ce compte est déjà désactivé.",
    "You cannot disable your own account.": "Vous ne pouvez pas désactiver votre propre compte.",
    "This account is not disabled.": "Ce compte n’est pas désactivé.",
    "A name is required.": "Le nom est obligatoire.",
    "Must be 100 characters or fewer.": "100 caractères au maximum.",
    "A disabled account cannot create tokens.":
        "Un compte désactivé ne peut pas créer de jeton.",
    "You already have a token with this name.": "Vous avez déjà un jeton portant ce nom.",
    "Unknown token.": "Jeton inconnu.", "This token is already revoked.": "Ce jeton est déjà révoqué.",
    "An email address is required.": "L’adresse de courriel est obligatoire.",
    "Choose Marseille, Agadir, Taliouine or Tiznit.":
        "Choisissez Marseille, Agadir, Taliouine ou Tiznit.",
    "An account already uses this email address.":
        "Un compte utilise déjà cette adresse de courriel.",
    "The current password is not right.": "Le mot de passe actuel n’est pas le bon.",
    "The new password must differ from the current one.":
        "Le nouveau mot de passe doit être différent de l’actuel.",
    "Administrator": "Administrateur·rice", "Programme officer": "Chargé·e de programme",
    "Communication": "Communication", "Viewer": "Lecteur·rice",
    "Everything, including staff accounts.": "Tout, y compris les comptes du personnel.",
    "Directory, activities, missions and case notes.":
        "Annuaire, activités, missions et notes de suivi.",
    "Stakeholder lists and exports, no case notes.":
        "Listes et exports des acteurs, sans les notes de suivi.",
    "Dashboards and reports only.": "Tableaux de bord et rapports seulement.",
    "Office": "Bureau",
    "Someone else changed this account meanwhile; look at it again and retry.":
        "Quelqu’un d’autre a modifié ce compte entre-temps ; regardez-le de nouveau et "
        "réessayez.",
    "Account opened": "Compte ouvert", "The account has been opened.": "Le compte a été ouvert.",
    "The role has been granted.": "Le rôle a été accordé.",
    "The role has been revoked.": "Le rôle a été retiré.",
    "Disable the account of %(name)s?": "Désactiver le compte de %(name)s ?",
    "They can no longer sign in, and their API tokens stop working in every service within "
    "a minute. Their history is kept.":
        "Cette personne ne pourra plus se connecter, et ses jetons d’API cesseront de "
        "fonctionner dans tous les services en moins d’une minute. Son historique est conservé.",
    "Yes, disable": "Oui, désactiver",
    "The account has been disabled.": "Le compte a été désactivé.",
    "Enable the account of %(name)s again?": "Réactiver le compte de %(name)s ?",
    "They can sign in again with their password, with the roles they hold.":
        "Cette personne pourra de nouveau se connecter avec son mot de passe, avec les rôles "
        "qu’elle détient.",
    "Yes, enable": "Oui, réactiver",
    "The account has been enabled again.": "Le compte a été réactivé.",
    "Reset the password of %(name)s?": "Réinitialiser le mot de passe de %(name)s ?",
    "Their current password stops working. A temporary password is shown once: give it to "
    "them in person or by phone.":
        "Son mot de passe actuel cessera de fonctionner. Un mot de passe temporaire s’affiche "
        "une seule fois : transmettez-le en personne ou par téléphone.",
    "Yes, reset": "Oui, réinitialiser", "Password reset": "Mot de passe réinitialisé",
    "Your password has been changed.": "Votre mot de passe a été modifié.",
    "API token created": "Jeton d’API créé", "The token has been revoked.": "Le jeton a été révoqué.",
    "%(what)s: %(value)s": "%(what)s : %(value)s",
    "Account opened by %(actor)s on %(date)s at %(time)s":
        "Compte ouvert par %(actor)s le %(date)s à %(time)s",
    "Details changed by %(actor)s on %(date)s at %(time)s":
        "Coordonnées modifiées par %(actor)s le %(date)s à %(time)s",
    "Role %(role)s granted by %(actor)s on %(date)s at %(time)s":
        "Rôle %(role)s accordé par %(actor)s le %(date)s à %(time)s",
    "Role %(role)s revoked by %(actor)s on %(date)s at %(time)s":
        "Rôle %(role)s retiré par %(actor)s le %(date)s à %(time)s",
    "Disabled by %(actor)s on %(date)s at %(time)s":
        "Désactivé par %(actor)s le %(date)s à %(time)s",
    "Enabled again by %(actor)s on %(date)s at %(time)s":
        "Réactivé par %(actor)s le %(date)s à %(time)s",
    "Password changed by %(actor)s on %(date)s at %(time)s":
        "Mot de passe changé par %(actor)s le %(date)s à %(time)s",
    "Password reset by %(actor)s on %(date)s at %(time)s":
        "Mot de passe réinitialisé par %(actor)s le %(date)s à %(time)s",
    "Password set by %(actor)s on %(date)s at %(time)s":
        "Mot de passe défini par %(actor)s le %(date)s à %(time)s",
    "API token “%(name)s” created by %(actor)s on %(date)s at %(time)s":
        "Jeton d’API « %(name)s » créé par %(actor)s le %(date)s à %(time)s",
    "API token “%(name)s” revoked by %(actor)s on %(date)s at %(time)s":
        "Jeton d’API « %(name)s » révoqué par %(actor)s le %(date)s à %(time)s",
    "The two passwords differ.": "Les deux mots de passe diffèrent.",
    "disabled": "désactivé", "Change details": "Modifier les coordonnées",
    "Reset the password": "Réinitialiser le mot de passe", "Enable": "Réactiver",
    "Disable": "Désactiver", "Revoke": "Révoquer",
    "No role: this account can do nothing.": "Aucun rôle : ce compte ne peut rien faire.",
    "Grant a role": "Accorder un rôle", "Grant": "Accorder", "Account": "Compte",
    "Last sign-in": "Dernière connexion", "never": "jamais", "Opened": "Ouvert",
    "API tokens": "Jetons d’API", "revoked": "révoqué",
    "Change the details of %(name)s": "Modifier les coordonnées de %(name)s",
    "Open an account": "Ouvrir un compte", "Initial password": "Mot de passe initial",
    "Leave blank to generate a temporary password, shown once. At least 12 characters, not "
    "only letters or digits.":
        "Laissez vide pour générer un mot de passe temporaire, affiché une seule fois. Au "
        "moins 12 caractères, pas seulement des lettres ou des chiffres.",
    "Open the account": "Ouvrir le compte", "Staff accounts": "Comptes du personnel",
    "Status": "Statut", "Active": "Actifs", "Disabled": "Désactivés", "active": "actif",
    "No account matches these filters.": "Aucun compte ne correspond à ces filtres.",
    "No staff account yet.": "Aucun compte pour l’instant.",
    "My account": "Mon compte", "Change my password": "Changer mon mot de passe",
    "For scripts: send it in the header %(header)s. A token acts with your roles.":
        "Pour les scripts : envoyez-le dans l’en-tête %(header)s. Un jeton agit avec vos "
        "rôles.",
    "Revoke the role %(role)s": "Retirer le rôle %(role)s", "Staff": "Personnel",
    "This form is out of date; open the page again and retry.":
        "Ce formulaire n’est plus à jour ; rouvrez la page et réessayez.",
    "Click in the field to select it all, then copy it.":
        "Cliquez dans le champ pour tout sélectionner, puis copiez-le.",
    "Created": "Créé", "No API token yet.": "Aucun jeton d’API pour l’instant.",
    "New token name": "Nom du nouveau jeton",
    "What it is for, e.g. “monthly export”.": "À quoi il sert, par ex. « export mensuel ».",
    "Create a token": "Créer un jeton", "Current password": "Mot de passe actuel",
    "New password": "Nouveau mot de passe",
    "At least 12 characters, not only letters or digits, without your email address.":
        "Au moins 12 caractères, pas seulement des lettres ou des chiffres, sans votre adresse "
        "de courriel.",
    "New password again": "Nouveau mot de passe (confirmation)",
    "Revoke a token": "Révoquer un jeton",
    "Revoke the token “%(name)s”?": "Révoquer le jeton « %(name)s » ?",
    "Scripts using it stop working in every service within a minute. This cannot be undone.":
        "Les scripts qui l’utilisent cesseront de fonctionner dans tous les services en moins "
        "d’une minute. C’est irréversible.",
    "Yes, revoke": "Oui, révoquer",
    "Copy this token now: it will never be shown again.":
        "Copiez ce jeton maintenant : il ne sera plus jamais affiché.",
    "Whoever holds it acts with your roles. Keep it in a password manager, never in code or "
    "email; revoke it as soon as you no longer need it.":
        "Quiconque le détient agit avec vos rôles. Gardez-le dans un gestionnaire de mots de "
        "passe, jamais dans du code ou un courriel ; révoquez-le dès qu’il ne sert plus.",
    "Copy this temporary password now: it will never be shown again.":
        "Copiez ce mot de passe temporaire maintenant : il ne sera plus jamais affiché.",
    "Give it to %(name)s in person or by phone, and ask them to change it after signing in.":
        "Transmettez-le à %(name)s en personne ou par téléphone, en lui demandant de le changer "
        "après sa connexion.",
    "API token": "Jeton d’API", "Temporary password": "Mot de passe temporaire",
    "I have copied it": "Je l’ai copié",
    # an account not yet known to a service
    "One moment": "Un instant",
    "You are signed in, but this part of Argan has not yet received your account. This page reloads by itself in a few seconds.":
        "Vous êtes connecté·e, mais cette partie d’Argan n’a pas encore reçu votre compte. "
        "Cette page se recharge d’elle-même dans quelques secondes.",
    "If this lasts, tell an administrator: this service may not be receiving the account updates.":
        "Si cela dure, prévenez un·e administrateur·rice : ce service ne reçoit peut-être plus "
        "les mises à jour des comptes.",
    # search and duplicates
    "A person cannot be merged with themselves.": "Une personne ne peut pas être fusionnée avec elle-même.",
    "This person does not exist.": "Cette personne n’existe pas.",
    "This person is not merged into another record.": "Cette personne n’est pas fusionnée dans une autre fiche.",
    "The suggestion has been dismissed: these two people will no longer be suggested as duplicates.":
        "La suggestion a été écartée : ces deux personnes ne seront plus proposées comme doublons.",
    "Reason": "Motif", "%(field)s: %(message)s": "%(field)s : %(message)s",
    "The two records have been merged.": "Les deux fiches ont été fusionnées.",
    "An archived person cannot be merged.": "Une personne archivée ne peut pas être fusionnée.",
    "This person was already merged into another record.":
        "Cette personne a déjà été fusionnée dans une autre fiche.",
    "The merge has been undone: both records are back as they were.":
        "La fusion a été annulée : les deux fiches sont revenues à leur état d’avant.",
    "Not a valid identifier.": "Identifiant invalide.",
    "Choose which value to keep.": "Choisissez la valeur à conserver.",
    "Choose two different people.": "Choisissez deux personnes différentes.",
    "This person was merged into another record; change that record instead.":
        "Cette personne a été fusionnée dans une autre fiche ; modifiez plutôt celle-ci.",
    "This merge is not known to the other record.": "L’autre fiche ne connaît pas cette fusion.",
    "The surviving record was itself merged since: undo that merge first.":
        "La fiche conservée a elle-même été fusionnée depuis : annulez d’abord cette fusion-là.",
    "This suggestion was already dismissed.": "Cette suggestion a déjà été écartée.",
    "Merged into another record by %(actor)s on %(date)s at %(time)s":
        "Fusionnée dans une autre fiche par %(actor)s le %(date)s à %(time)s",
    "Merged with a duplicate by %(actor)s on %(date)s at %(time)s":
        "Fusionnée avec un doublon par %(actor)s le %(date)s à %(time)s",
    "Merge undone by %(actor)s on %(date)s at %(time)s":
        "Fusion annulée par %(actor)s le %(date)s à %(time)s",
    "Merge with a duplicate undone by %(actor)s on %(date)s at %(time)s":
        "Fusion avec un doublon annulée par %(actor)s le %(date)s à %(time)s",
    "Same email": "Même courriel", "Same phone number": "Même numéro de téléphone",
    "Close names, same birth date": "Noms proches, même date de naissance",
    "This record was merged into another one.": "Cette fiche a été fusionnée dans une autre.",
    "Open the kept record": "Ouvrir la fiche conservée",
    "It no longer appears in lists and can no longer be changed; its history is kept.":
        "Elle n’apparaît plus dans les listes et ne peut plus être modifiée ; son historique est "
        "conservé.",
    "Undo the merge": "Annuler la fusion", "Possible duplicates": "Doublons possibles",
    "People who share an email, a phone number, or a birth date with close names. Compare them before merging; if they are different people, say so and they will no longer be suggested.":
        "Personnes qui partagent un courriel, un numéro de téléphone, ou une date de naissance "
        "avec des noms proches. Comparez-les avant de fusionner ; s’il s’agit de personnes "
        "différentes, indiquez-le et elles ne seront plus proposées.",
    "Person": "Personne", "Possible duplicate": "Doublon possible", "Why": "Pourquoi",
    "Compare and merge": "Comparer et fusionner", "Not a duplicate": "Pas un doublon",
    "Only the first %(num)s suggestions are shown.":
        "Seules les %(num)s premières suggestions sont affichées.",
    "No possible duplicates.": "Aucun doublon possible.",
    "No two active people share an email, a phone number, or a birth date with close names.":
        "Aucune paire de personnes actives ne partage un courriel, un numéro de téléphone, ou "
        "une date de naissance avec des noms proches.",
    "the other record": "l’autre fiche",
    "Possible duplicates of %(name)s": "Doublons possibles de %(name)s",
    "Nobody else shares this email or phone number, or this birth date with a close name.":
        "Personne d’autre ne partage ce courriel ou ce numéro, ni cette date de naissance avec "
        "un nom proche.",
    "Back to the person": "Retour à la personne", "Merge two records": "Fusionner deux fiches",
    "Keep the other record instead": "Conserver plutôt l’autre fiche",
    "The record on the left is kept; the one on the right is merged into it: it becomes read-only and points to the kept record. Choose, field by field, the value to keep. A merge can be undone.":
        "La fiche de gauche est conservée ; celle de droite y est fusionnée : elle passe en "
        "lecture seule et renvoie vers la fiche conservée. Choisissez, champ par champ, la "
        "valeur à garder. Une fusion peut être annulée.",
    "One of these records was changed meanwhile.":
        "L’une de ces fiches a été modifiée entre-temps.",
    "Both are shown below as they are now, with your choices kept: check them and merge again.":
        "Les deux sont affichées ci-dessous telles qu’elles sont maintenant, avec vos choix : "
        "vérifiez-les et fusionnez à nouveau.",
    "Field": "Champ", "Kept record": "Fiche conservée", "Merged record": "Fiche fusionnée",
    "Both": "Les deux", "the same in both": "identique dans les deux",
    "All of them": "Toutes les valeurs", "Merge": "Fusionner",
    "Undo the merge of %(name)s?": "Annuler la fusion de %(name)s ?",
    "Confirm again if you still want to undo the merge.":
        "Confirmez à nouveau si vous voulez toujours annuler la fusion.",
    "This record becomes active again, and %(name)s gets back the values it had before the merge (except those corrected since).":
        "Cette fiche redevient active, et %(name)s retrouve les valeurs qu’elle avait avant la "
        "fusion (sauf celles corrigées depuis).",
    "Yes, undo the merge": "Oui, annuler la fusion",
    # consent and segments
    "An archived person cannot be changed.": "Une personne archivée ne peut plus être modifiée.",
    "This consent is already given.": "Ce consentement est déjà donné.",
    "The date cannot be before the withdrawal it follows.":
        "La date ne peut pas précéder le retrait qu’elle suit.",
    "This consent is not given: there is nothing to withdraw.":
        "Ce consentement n’est pas donné : il n’y a rien à retirer.",
    "The withdrawal cannot be before the consent was given.":
        "Le retrait ne peut pas précéder la date du consentement.",
    "Choose a purpose from the list.": "Choisissez une finalité dans la liste.",
    "The date cannot be in the future.": "La date ne peut pas être dans le futur.",
    "The date is too far in the past.": "La date est trop ancienne.",
    "Choose how it was recorded: paper form, online, oral or email.":
        "Choisissez comment il a été recueilli : formulaire papier, en ligne, oral ou courriel.",
    "Newsletter": "Lettre d’information", "Event invitations": "Invitations aux événements",
    "Photos and image rights": "Photos et droit à l’image",
    "Data processing": "Traitement des données", "Paper form": "Formulaire papier",
    "Online": "En ligne", "Oral": "Oral",
    "Consent recorded by %(actor)s on %(date)s at %(time)s":
        "Consentement enregistré par %(actor)s le %(date)s à %(time)s",
    "Withdrawal recorded by %(actor)s on %(date)s at %(time)s":
        "Retrait enregistré par %(actor)s le %(date)s à %(time)s",
    "%(purpose)s: given on %(date)s (%(method)s)": "%(purpose)s : donné le %(date)s (%(method)s)",
    "%(purpose)s: withdrawn on %(date)s (%(method)s)":
        "%(purpose)s : retiré le %(date)s (%(method)s)",
    "Someone else changed this person meanwhile; check the current consent below and save again.":
        "Quelqu’un d’autre a modifié cette personne entre-temps ; vérifiez les consentements "
        "actuels ci-dessous et enregistrez à nouveau.",
    "The consent has been recorded.": "Le consentement a été enregistré.",
    "The withdrawal has been recorded.": "Le retrait a été enregistré.",
    "Choose the purpose the list is for: only the people whose consent covers it are kept.":
        "Choisissez la finalité de la liste : seules les personnes dont le consentement la "
        "couvre sont retenues.",
    "Choose CSV or XLSX.": "Choisissez CSV ou XLSX.",
    "This segment has been deleted.": "Ce segment a été supprimé.",
    "Must be 1000 characters or fewer.": "1000 caractères au maximum.",
    "At most 50 values.": "50 valeurs au maximum.",
    "Someone else changed this segment meanwhile; check it and save again.":
        "Quelqu’un d’autre a modifié ce segment entre-temps ; vérifiez-le et enregistrez à "
        "nouveau.",
    "The segment has been saved.": "Le segment a été enregistré.",
    "The segment has been deleted.": "Le segment a été supprimé.",
    "Segments": "Segments", "Consent": "Consentements", "Purpose": "Finalité",
    "Current state": "État actuel", "Given since %(date)s": "Donné depuis le %(date)s",
    "Withdrawn since %(date)s": "Retiré depuis le %(date)s", "Never asked": "Jamais demandé",
    "Record a withdrawal": "Enregistrer un retrait", "Record consent": "Enregistrer un consentement",
    "Consent history": "Historique des consentements",
    "%(purpose)s: given on %(date)s": "%(purpose)s : donné le %(date)s",
    "%(purpose)s: withdrawn on %(date)s": "%(purpose)s : retiré le %(date)s",
    "How: %(method)s — recorded by %(actor)s": "Recueilli : %(method)s — enregistré par %(actor)s",
    "Consent given by %(name)s": "Consentement donné par %(name)s",
    "Consent withdrawn by %(name)s": "Consentement retiré par %(name)s",
    "Date given": "Date du consentement", "Date withdrawn": "Date du retrait",
    "How": "Comment", "Note": "Note",
    "You are recorded as the person who recorded it.":
        "Vous êtes enregistré·e comme la personne qui l’a saisi.",
    "Change a segment": "Modifier un segment", "New segment": "Nouveau segment",
    "Change the segment %(name)s": "Modifier le segment %(name)s",
    "e.g. Volunteers in Souss-Massa — newsletter":
        "par ex. Volontaires du Souss-Massa — lettre d’information",
    "Consent required for": "Consentement requis pour",
    "Chosen when running": "Choisi à l’exécution", "Description": "Description",
    "Countries of residence": "Pays de résidence",
    "Two-letter codes separated by commas, e.g. MA, FR":
        "Codes à deux lettres séparés par des virgules, par ex. MA, FR",
    "Regions": "Régions",
    "Separated by commas, e.g. Souss-Massa": "Séparées par des virgules, par ex. Souss-Massa",
    "A person matches when, for each criterion filled in, one of its values fits. Archived people are always left out. Criteria left empty do not filter.":
        "Une personne correspond quand, pour chaque critère rempli, l’une de ses valeurs lui "
        "convient. Les personnes archivées sont toujours écartées. Un critère vide ne filtre pas.",
    "Deleting a segment removes it from the list; its history and its exports stay recorded.":
        "Supprimer un segment le retire de la liste ; son historique et ses exports restent "
        "enregistrés.",
    "Delete this segment": "Supprimer ce segment",
    "Saved lists of people for mailings and invitations: each run keeps only the people whose consent covers the purpose.":
        "Listes de personnes enregistrées pour les envois et invitations : chaque exécution ne "
        "retient que les personnes dont le consentement couvre la finalité.",
    "For": "Pour", "Exports": "Exports", "last on %(date)s": "dernier le %(date)s",
    "No segment saved yet.": "Aucun segment enregistré pour l’instant.",
    "A segment keeps the criteria of a list (roles, programmes, tags, residence…) to run it again whenever needed.":
        "Un segment garde les critères d’une liste (rôles, programmes, étiquettes, résidence…) "
        "pour la refaire quand il le faut.",
    "Change": "Modifier", "Criteria": "Critères", "Archived people": "Personnes archivées",
    "always left out": "toujours écartées", "Run for the purpose": "Exécuter pour la finalité",
    "Run": "Exécuter", "Result for: %(purpose)s": "Résultat pour : %(purpose)s",
    "consent withdrawn: %(num)s": "consentement retiré : %(num)s",
    "never consented: %(num)s": "jamais consenti : %(num)s",
    "consented to other purposes only: %(num)s":
        "consenti à d’autres finalités seulement : %(num)s",
    "Export CSV": "Exporter en CSV", "Export XLSX": "Exporter en XLSX",
    "CSV: UTF-8, fields separated by semicolons (;), opens as is in French spreadsheet programs. Every export is recorded with your name.":
        "CSV : UTF-8, champs séparés par des points-virgules (;), s’ouvre tel quel dans les "
        "tableurs en français. Chaque export est enregistré à votre nom.",
    "Preview (in name order, at most %(limit)s)":
        "Aperçu (par ordre alphabétique, %(limit)s au plus)",
    "Nobody to keep for this purpose.": "Personne à retenir pour cette finalité.",
    "No one matching the criteria has a current consent for it.":
        "Aucune des personnes correspondant aux critères n’a de consentement en cours pour "
        "elle.",
    "Back to the segments": "Retour aux segments",
    # organisations
    "An archived organisation cannot be corrected.":
        "Une organisation archivée ne peut plus être modifiée.",
    "This organisation is already archived.": "Cette organisation est déjà archivée.",
    "An archived organisation cannot take new affiliations.":
        "Une organisation archivée ne peut plus recevoir de nouveaux membres.",
    "Choose a person.": "Choisissez une personne.", "A role is required.": "Le rôle est obligatoire.",
    "A start date is required.": "La date de début est obligatoire.",
    "The end date cannot be before the start date.":
        "La date de fin ne peut pas précéder la date de début.",
    "This person already has this role in this organisation.":
        "Cette personne a déjà ce rôle dans cette organisation.",
    "An end date is required.": "La date de fin est obligatoire.",
    "This affiliation has already ended.": "Ce rattachement est déjà terminé.",
    "This affiliation does not exist (or was removed).":
        "Ce rattachement n’existe pas (ou a été retiré).",
    "Choose a kind of organisation.": "Choisissez un type d’organisation.",
    "A SIRET has 14 digits and a valid check digit.":
        "Un SIRET compte 14 chiffres et une clé de contrôle valide.",
    "A SIRET is a French identifier: the country must be France.":
        "Le SIRET est un identifiant français : le pays doit être la France.",
    "An RNA number is a W followed by 9 digits.":
        "Un numéro RNA est un W suivi de 9 chiffres.",
    "An RNA number is a French identifier: the country must be France.":
        "Le numéro RNA est un identifiant français : le pays doit être la France.",
    "An ICE has 15 digits.": "Un ICE compte 15 chiffres.",
    "An ICE is a Moroccan identifier: the country must be Morocco.":
        "L’ICE est un identifiant marocain : le pays doit être le Maroc.",
    "Not a valid web address (it starts with https://).":
        "Adresse web invalide (elle commence par https://).",
    "Only a host structure holds a civic-service approval.":
        "Seule une structure d’accueil détient un agrément de service civique.",
    "The capacity is a whole number of at least 1.":
        "La capacité est un nombre entier d’au moins 1.",
    "The approval number is required with its dates.":
        "Le numéro d’agrément est obligatoire avec ses dates.",
    "An interaction is with a person or an organisation.":
        "Une interaction concerne une personne ou une organisation.",
    "Choose meeting, call, visit or representation.":
        "Choisissez rencontre, appel, visite ou représentation.",
    "A date is required.": "La date est obligatoire.",
    "An interaction is recorded once it has taken place: the date cannot be in the future.":
        "Une interaction se consigne une fois qu’elle a eu lieu : la date ne peut pas être "
        "dans le futur.",
    "A summary is required.": "Le résumé est obligatoire.",
    "Must be 10,000 characters or fewer.": "10 000 caractères au maximum.",
    "This interaction has already been removed.": "Cette interaction a déjà été retirée.",
    "No interaction can be recorded with an archived record.":
        "Aucune interaction ne peut être consignée sur une fiche archivée.",
    "This person is not known.": "Cette personne est inconnue.",
    "This person is archived.": "Cette personne est archivée.",
    "This region is not known in this country.": "Cette région n’existe pas dans ce pays.",
    "This province or département is not known in this country.":
        "Ce département ou cette province n’existe pas dans ce pays.",
    "This province or département is not in the region chosen.":
        "Ce département ou cette province n’est pas dans la région choisie.",
    "Kind": "Type", "SIRET": "SIRET", "RNA number": "Numéro RNA", "ICE": "ICE",
    "Website": "Site web", "Civic-service approval number": "Numéro d’agrément de service civique",
    "Approval valid from": "Agrément valable du", "Approval valid until": "Agrément valable jusqu’au",
    "Capacity (volunteers)": "Capacité (volontaires)",
    "OSIM / migrant association": "OSIM / association de migrants",
    "Host structure": "Structure d’accueil", "Local authority": "Collectivité territoriale",
    "Public institution": "Institution publique", "Funder": "Bailleur de fonds",
    "Association / civil society": "Association / société civile",
    "School or university": "Établissement scolaire ou université", "Company": "Entreprise",
    "Media": "Média", "Meeting": "Rencontre", "Call": "Appel", "Visit": "Visite",
    "Representation": "Représentation",
    "The organisation has been registered.": "L’organisation a été enregistrée.",
    "The organisation has been archived.": "L’organisation a été archivée.",
    "Meanwhile, %(actor)s archived this organisation.":
        "Entre-temps, %(actor)s a archivé cette organisation.",
    "Meanwhile, %(actor)s changed the affiliations.":
        "Entre-temps, %(actor)s a modifié les rattachements.",
    "The affiliation has been added.": "Le rattachement a été ajouté.",
    "The affiliation has been ended.": "Le rattachement a été terminé.",
    "The affiliation has been removed.": "Le rattachement a été retiré.",
    "The interaction has been recorded.": "L’interaction a été consignée.",
    "Affiliation added by %(actor)s on %(date)s at %(time)s":
        "Rattachement ajouté par %(actor)s le %(date)s à %(time)s",
    "%(person)s: %(role)s from %(start)s": "%(person)s : %(role)s à partir du %(start)s",
    "Affiliation ended by %(actor)s on %(date)s at %(time)s":
        "Rattachement terminé par %(actor)s le %(date)s à %(time)s",
    "%(who)s, until %(end)s": "%(who)s, jusqu’au %(end)s",
    "Affiliation removed by %(actor)s on %(date)s at %(time)s":
        "Rattachement retiré par %(actor)s le %(date)s à %(time)s",
    "Organisations": "Organisations", "Interactions": "Interactions",
    "Record an interaction": "Consigner une interaction",
    "No interaction recorded yet.": "Aucune interaction consignée pour l’instant.",
    "%(start)s to %(end)s": "du %(start)s au %(end)s", "since %(start)s": "depuis le %(start)s",
    "No affiliation to an organisation.": "Rattaché·e à aucune organisation.",
    "End an affiliation": "Terminer un rattachement",
    "Remove an affiliation": "Retirer un rattachement", "Until": "Jusqu’au",
    "Remove it only if it was recorded by mistake; to say that it is over, end it instead. The organisation's history keeps it.":
        "Ne le retirez que s’il a été saisi par erreur ; pour dire qu’il a pris fin, "
        "terminez-le plutôt. L’historique de l’organisation le conserve.",
    "End the affiliation": "Terminer le rattachement", "Yes, remove": "Oui, retirer",
    "Add a person": "Ajouter une personne", "Add a person to %(name)s": "Ajouter une personne à %(name)s",
    "Find the person by name or email": "Trouver la personne par son nom ou son courriel",
    "Search": "Rechercher", "Person": "Personne",
    "Nobody matches this search.": "Personne ne correspond à cette recherche.",
    "Search for the person first.": "Recherchez d’abord la personne.",
    "President": "Président·e", "Treasurer": "Trésorier·ère", "Secretary": "Secrétaire",
    "Director": "Directeur·rice", "Member": "Membre", "Staff member": "Salarié·e",
    "Volunteer tutor": "Tuteur·rice de volontaire", "Contact person": "Personne référente",
    "From": "Depuis le", "Until (optional)": "Jusqu’au (facultatif)", "Add": "Ajouter",
    "An archived organisation no longer appears in lists and can no longer be corrected. Its history and affiliations are kept.":
        "Une organisation archivée n’apparaît plus dans les listes et ne peut plus être "
        "modifiée. Son historique et ses rattachements sont conservés.",
    "Dates": "Dates", "former": "ancien", "upcoming": "à venir", "End": "Terminer",
    "Remove": "Retirer", "No one is affiliated yet.": "Personne n’y est encore rattaché.",
    "Correct an organisation": "Corriger une organisation",
    "New organisation": "Nouvelle organisation", "France: 14 digits": "France : 14 chiffres",
    "France, associations: W followed by 9 digits": "France, associations : W suivi de 9 chiffres",
    "Morocco: 15 digits": "Maroc : 15 chiffres", "e.g. https://www.example.org": "ex. https://www.exemple.org",
    "Civic-service approval (host structures only)":
        "Agrément de service civique (structures d’accueil seulement)",
    "Record an interaction with %(name)s": "Consigner une interaction avec %(name)s",
    "Interaction notes are visible to programme staff only, not to communication.":
        "Les notes d’interaction ne sont visibles que des équipes de programme, pas de la "
        "communication.",
    "Date": "Date", "Summary": "Résumé", "Notes": "Notes", "Record": "Consigner",
    "Search by name, town or identifier": "Rechercher par nom, commune ou identifiant",
    "e.g. Tiznit, association, W133…": "ex. Tiznit, association, W133…",
    "Programme": "Programme", "Archived": "Archivées", "Territory": "Territoire",
    "No organisation matches these filters.": "Aucune organisation ne correspond à ces filtres.",
    "No organisation is registered yet.": "Aucune organisation n’est encore enregistrée.",
    "Register the first organisation to start.": "Enregistrez la première organisation pour commencer.",
    # import
    "Choose a CSV or XLSX file.": "Choisissez un fichier CSV ou XLSX.",
    "The file is too large (at most %(max)s MB).":
        "Le fichier est trop volumineux (%(max)s Mo au plus).",
    "The file is empty.": "Le fichier est vide.",
    "Save the file as XLSX or CSV first (the old XLS format is not read).":
        "Enregistrez d’abord le fichier en XLSX ou en CSV (l’ancien format XLS n’est pas lu).",
    "This file could not be read as CSV.": "Ce fichier n’a pas pu être lu comme un CSV.",
    "This file could not be read as an XLSX spreadsheet.":
        "Ce fichier n’a pas pu être lu comme un classeur XLSX.",
    "Choose people or organisations.": "Choisissez personnes ou organisations.",
    "The first line must hold the column names; these are missing: %(columns)s.":
        "La première ligne doit contenir les noms de colonnes ; celles-ci manquent : "
        "%(columns)s.",
    "The file has too many rows (at most %(max)s).":
        "Le fichier a trop de lignes (%(max)s au plus).",
    "The file holds no row under its column names.":
        "Le fichier ne contient aucune ligne sous ses noms de colonnes.",
    "Likely duplicate: skipped as asked.": "Doublon probable : ignoré comme demandé.",
    "This import has already been started.": "Cet import a déjà été lancé.",
    "Import a spreadsheet": "Importer un tableur", "Same name": "Même nom",
    "Line %(line)s of this file": "Ligne %(line)s de ce fichier",
    "A CSV or XLSX file whose first line holds the column names. Nothing is written before "
    "you have seen the preview.":
        "Un fichier CSV ou XLSX dont la première ligne contient les noms de colonnes. Rien "
        "n’est enregistré avant que vous ayez vu l’aperçu.",
    "The file lists": "Le fichier contient des", "File (CSV or XLSX)": "Fichier (CSV ou XLSX)",
    "At most 5 MB and 5,000 rows. Columns understood for people: Prénom, Nom, Sexe, Date de "
    "naissance, Nationalité, Pays, Région, Province, Ville, Courriel, Téléphone, WhatsApp, "
    "Langues, Rôles, Programmes, Étiquettes. For organisations: Nom, Type, SIRET, RNA, ICE, "
    "Pays, Région, Province, Ville, Courriel, Téléphone, Site web, Programmes, Étiquettes.":
        "5 Mo et 5 000 lignes au plus. Colonnes reconnues pour les personnes : Prénom, Nom, "
        "Sexe, Date de naissance, Nationalité, Pays, Région, Province, Ville, Courriel, "
        "Téléphone, WhatsApp, Langues, Rôles, Programmes, Étiquettes. Pour les organisations : "
        "Nom, Type, SIRET, RNA, ICE, Pays, Région, Province, Ville, Courriel, Téléphone, "
        "Site web, Programmes, Étiquettes.",
    "Preview": "Aperçu", "Import preview": "Aperçu de l’import",
    "%(total)s rows: %(good)s ready, %(bad)s with errors, %(duplicates)s likely duplicates.":
        "%(total)s lignes : %(good)s prêtes, %(bad)s avec erreurs, %(duplicates)s doublons "
        "probables.",
    "Columns read:": "Colonnes lues :",
    "Columns ignored (not understood):": "Colonnes ignorées (non reconnues) :",
    "Nothing has been written yet. Rows with errors will be skipped and listed by line in the "
    "report.":
        "Rien n’est encore enregistré. Les lignes en erreur seront ignorées et listées par "
        "numéro de ligne dans le compte rendu.",
    "Skip the likely duplicates": "Ignorer les doublons probables", "Import": "Importer",
    "Choose another file": "Choisir un autre fichier", "Line": "Ligne", "Errors": "Erreurs",
    "Likely duplicates": "Doublons probables",
    "%(handled)s of %(total)s rows handled": "%(handled)s lignes traitées sur %(total)s",
    "The import is running; this page refreshes itself.":
        "L’import est en cours ; cette page se met à jour d’elle-même.",
    "The import stopped on an error; the rows listed as imported are saved.":
        "L’import s’est arrêté sur une erreur ; les lignes indiquées comme importées sont "
        "enregistrées.",
    "Imported: %(imported)s. Skipped: %(skipped)s.":
        "Lignes importées : %(imported)s. Lignes ignorées : %(skipped)s.",
    "Go to the people list": "Voir la liste des personnes",
    "Go to the organisations": "Voir les organisations", "Skipped rows": "Lignes ignorées",
    "Reasons": "Motifs",
    # segment affiliation criteria
    "This organisation is not known.": "Cette organisation est inconnue.",
    "This organisation is archived.": "Cette organisation est archivée.",
    "Currently affiliated to an organisation of kind":
        "Actuellement affilié à une organisation de type",
    "Currently affiliated to": "Actuellement affilié à",
    "Currently affiliated to one of these organisations":
        "Actuellement affilié à l’une de ces organisations",
    "Active organisations, by name (the first %(num)s); hold Ctrl or ⌘ to choose several.":
        "Organisations actives, par nom (les %(num)s premières) ; maintenez Ctrl ou ⌘ pour en "
        "choisir plusieurs.",
}
PLURALS = {
    "%(num)s account": ("%(num)s compte", "%(num)s comptes"),
    "%(num)s person": ("%(num)s personne", "%(num)s personnes"),
    "%(num)s event behind": ("%(num)s événement de retard", "%(num)s événements de retard"),
    # consent and segments
    "%(num)s person kept": ("%(num)s personne retenue", "%(num)s personnes retenues"),
    "%(num)s person matches the criteria": ("%(num)s personne correspond aux critères",
                                            "%(num)s personnes correspondent aux critères"),
    "%(num)s person left out, whose consent does not cover this purpose:": (
        "%(num)s personne écartée, dont le consentement ne couvre pas cette finalité :",
        "%(num)s personnes écartées, dont le consentement ne couvre pas cette finalité :"),
    "%(actor)s exported %(num)s person (%(purpose)s, %(format)s) on %(date)s": (
        "%(actor)s a exporté %(num)s personne (%(purpose)s, %(format)s) le %(date)s",
        "%(actor)s a exporté %(num)s personnes (%(purpose)s, %(format)s) le %(date)s"),
    "%(num)s organisation": ("%(num)s organisation", "%(num)s organisations"),  # organisations
}

if __name__ == "__main__":
    import subprocess
    import sys
    from pathlib import Path

    from babel.messages.pofile import read_po, write_po

    here = Path(__file__).parent
    root = here.parents[2]
    pot = here / "messages.pot"
    subprocess.run([str(Path(sys.executable).parent / "pybabel"), "extract", "-F",
                    str(root / "babel.cfg"), "-k", "_l", "-k", "lazy_gettext", "-k", "N_",
                    "--no-location", "-o", str(pot), str(root)], check=True, cwd=root,
                   capture_output=True)
    with open(pot, "rb") as f:
        catalog = read_po(f, locale="fr")
    catalog.project, catalog.version = "Argan", "1"
    catalog.fuzzy = False
    missing = []
    for message in catalog:
        if not message.id:
            continue
        if message.pluralizable:
            forms = PLURALS.get(message.id[0]) or ("", "")
            message.string = tuple(forms[min(i, len(forms) - 1)] for i in range(catalog.num_plurals))
            if not all(message.string):
                missing.append(message.id[0])
        else:
            message.string = FR.get(message.id, "")
            if not message.string:
                missing.append(message.id)
    out = here / "fr" / "LC_MESSAGES"
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "messages.po", "wb") as f:
        write_po(f, catalog, width=100)
    subprocess.run([str(Path(sys.executable).parent / "pybabel"), "compile", "-d", str(here),
                    "-l", "fr"], check=True, capture_output=True)
    pot.unlink()
    print("untranslated:", *missing, sep="\n  ") if missing else print("all translated")
